using System.Text.Json.Nodes;
using DeepDream.Requests;
using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DeepDream.Web.Api;

/// <summary>
/// One option field as the page builds its control: its type, default and help, the values the studio takes (its
/// cap, not the library's range) and the slider's span, from the option's declaration.
/// </summary>
/// <param name="Slider">The slider's min, max and step, for a number; null for other fields.</param>
public sealed record OptionFieldView(string Name, string Type, string Description, JsonNode? Default, double? Min, double? Max, bool AboveMin,
    IReadOnlyList<string>? Choices, SliderView? Slider)
{
    public static OptionFieldView Of(OptionSpec spec)
    {
        var (declared, range) = (spec.Declared, spec.Range);
        var slider = range is null ? null : new SliderView(
            double.IsNaN(declared.SliderMin) ? range.Min : declared.SliderMin,
            double.IsNaN(declared.SliderMax) ? spec.StudioMax : declared.SliderMax,
            double.IsNaN(declared.SliderStep) ? spec.Type == typeof(int) ? 1 : null : declared.SliderStep);
        var type = spec.Type == typeof(int) ? "integer" : spec.Type == typeof(double) ? "number" : spec.Type == typeof(bool) ? "boolean" : "string";
        return new(OptionName.Field(spec.Name), type, declared.Description, Json(spec.Default), range?.Min, spec.StudioMax, range?.AboveMin ?? false, spec.Choices, slider);
    }

    /// <summary>A default as JSON: numbers and switches as themselves, the rest as users write them.</summary>
    public static JsonNode? Json(object? value) => value switch
    {
        null => null,
        int whole => JsonValue.Create(whole),
        double number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        _ => JsonValue.Create(OptionSpec.Show(value)),
    };
}

/// <param name="Max">Null: the option has no upper end; the page picks its own.</param>
public sealed record SliderView(double Min, double? Max, double? Step);

/// <summary>GET /api/options: each kind's option fields, by the path that queues it, so the page's controls take their ranges from the server.</summary>
static class OptionsEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/options", (JobHandlers handlers) => TypedResults.Ok(handlers.All.ToDictionary(h => h.Route,
                h => h.Fields.For(Fronts.Studio).Select(OptionFieldView.Of).ToArray())))
            .WithSummary("Every kind's option fields, by its path under /api: type, default, help, the studio's range and the page's slider");
}
