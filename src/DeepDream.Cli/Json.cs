using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepDream.Cli;

static class Json
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Read by people and scripts, never embedded in HTML: objectives keep their "+" and paths their non-ASCII letters.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Print(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
