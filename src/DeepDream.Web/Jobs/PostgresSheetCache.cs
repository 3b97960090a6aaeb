using System.Text.Json;
using DeepDream.Visualization;
using Npgsql;
using NpgsqlTypes;

namespace DeepDream.Web.Jobs;

/// <summary>The sheet cache of a studio spread over machines: a row per sheet (its entry as JSON, its picture as bytea) that every node reads.</summary>
public sealed class PostgresSheetCache(NpgsqlDataSource source) : ISheetCache
{
    public CachedSheet? Find(SheetRequest request)
    {
        using var select = source.CreateCommand("SELECT entry FROM sheets WHERE key = @key");
        select.Parameters.AddWithValue("key", SheetKeys.Of(request));
        return select.ExecuteScalar() is string entry ? JsonSerializer.Deserialize<CachedSheet>(entry) : null;
    }

    public Stream? OpenPicture(string key)
    {
        if (!JobIds.IsValid(key)) return null;
        using var select = source.CreateCommand("SELECT picture FROM sheets WHERE key = @key");
        select.Parameters.AddWithValue("key", key);
        return select.ExecuteScalar() is byte[] picture ? new MemoryStream(picture, writable: false) : null;
    }

    public CachedSheet Add(SheetRequest request, string picture, SheetResult result, string job)
    {
        var key = SheetKeys.Of(request);
        using (var insert = source.CreateCommand("INSERT INTO sheets (key, entry, picture) VALUES (@key, @entry, @picture) ON CONFLICT (key) DO NOTHING"))
        {
            insert.Parameters.AddWithValue("key", key);
            insert.Parameters.AddWithValue("entry", JsonSerializer.Serialize(SheetKeys.Entry(key, request, result, job)));
            insert.Parameters.AddWithValue("picture", NpgsqlDbType.Bytea, File.ReadAllBytes(picture));
            insert.ExecuteNonQuery();
        }
        return Find(request)!;
    }
}
