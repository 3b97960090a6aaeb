using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace DeepDream.Web.Security;

/// <summary>
/// The cookie and token keys of a studio spread over machines, in its database: every API node reads the others'
/// cookies, and no node needs a folder shared with the others. Whoever can read the table can pass for any visitor,
/// as whoever can read the jobs can see every upload: the database is the studio's trust boundary.
/// </summary>
sealed class PostgresKeyRing(NpgsqlDataSource source) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var select = source.CreateCommand("SELECT xml FROM data_protection_keys ORDER BY name");
        using var row = select.ExecuteReader();
        var keys = new List<XElement>();
        while (row.Read()) keys.Add(XElement.Parse(row.GetString(0)));
        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var insert = source.CreateCommand("INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING");
        insert.Parameters.AddWithValue("name", friendlyName);
        insert.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        insert.ExecuteNonQuery();
    }
}
