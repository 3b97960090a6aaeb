using System.Globalization;
using System.Text.Json.Nodes;
using DeepDream.Requests;
using DeepDream.Web.Jobs;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DeepDream.Web.Api;

/// <summary>
/// The OpenAPI description of each kind's POST: a multipart form whose fields are its request's declared options (those
/// the studio offers), typed, with their ranges at the studio's caps, defaults and help, beside the file it carries.
/// </summary>
static class RequestSchemas
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IJobHandler>().FirstOrDefault() is not { } handler) return Task.CompletedTask;
        var form = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>() };
        if (handler.Upload.Field is { } file)
            form.Properties[file] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "the input file" };
        foreach (var spec in handler.Fields.For(Fronts.Studio))
            form.Properties[OptionName.Field(spec.Name)] = Field(spec);
        var mediaType = handler.Upload.Field is null ? "application/x-www-form-urlencoded" : "multipart/form-data";
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = form } },
        };
        return Task.CompletedTask;
    }

    static OpenApiSchema Field(OptionSpec spec)
    {
        var schema = new OpenApiSchema
        {
            Type = spec.Type == typeof(int) ? JsonSchemaType.Integer : spec.Type == typeof(double) ? JsonSchemaType.Number
                : spec.Type == typeof(bool) ? JsonSchemaType.Boolean : JsonSchemaType.String,
            Description = spec.Declared.Description,
            Default = OptionFieldView.Json(spec.Default),
        };
        if (spec.Range is { } range)
        {
            schema.Minimum = Number(range.Min);
            if (range.AboveMin) schema.ExclusiveMinimum = Number(range.Min);
            if (spec.StudioMax is { } max) schema.Maximum = Number(max);
        }
        if (spec.Choices is { } choices) schema.Enum = [.. choices.Select(c => (JsonNode)JsonValue.Create(c))];
        return schema;
    }

    static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
