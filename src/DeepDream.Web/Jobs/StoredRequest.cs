using System.Text.Json;
using System.Text.Json.Nodes;
using DeepDream.Dreaming;
using DeepDream.Video;

namespace DeepDream.Web.Jobs;

/// <summary>
/// A job's request as its row keeps it: {"Version":2,"Kind":"Zoom","Request":{…}}, the request typed by its kind, with
/// the request records' property names: renaming one makes stored jobs unreadable. Rows stored before requests were
/// typed hold the older shape (<see cref="LegacyOptions"/>) and still read.
/// </summary>
public static class StoredRequest
{
    public const int Version = 2;

    public static string Write<T>(JobKind kind, T request) => new JsonObject
    {
        ["Version"] = Version,
        ["Kind"] = kind.Name,
        ["Request"] = JsonSerializer.SerializeToNode(request),
    }.ToJsonString();

    /// <param name="legacy">Turns the older shape into the request.</param>
    public static T Read<T>(JobKind kind, string json, Func<LegacyOptions, T> legacy) where T : class
    {
        var stored = JsonNode.Parse(json)?.AsObject() ?? throw new DeepDreamException("a job's stored options are empty");
        if (stored["Version"] is null) return legacy(stored.Deserialize<LegacyOptions>()!);
        if (stored["Version"]!.GetValue<int>() != Version)
            throw new DeepDreamException($"a job's stored options are of version {stored["Version"]}; this studio reads version {Version}");
        if (stored["Kind"]?.GetValue<string>() is { } written && written != kind.Name)
            throw new DeepDreamException($"a {kind} job's stored request is a {written} request");
        return stored["Request"].Deserialize<T>() ?? throw new DeepDreamException("a job's stored request is empty");
    }
}

/// <summary>
/// What the studio stored of a job before requests were typed (up to version 1): one record for every kind, with
/// a slot per kind, the dream options twice for a zoom. Read only, to turn old jobs into their requests.
/// </summary>
public sealed record LegacyOptions(DreamOptions? Dream, ZoomOptions? Zoom, string? Format, VideoOptions? Video = null,
    IReadOnlyList<string>? Layers = null, SheetRequest? Sheet = null);
