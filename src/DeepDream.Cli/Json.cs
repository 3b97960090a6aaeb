using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepDream.Cli;

static class Json
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Print(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
