using System.Security.Cryptography;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Tests.Support;
using DeepDream.Web;
using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Web;

/// <summary>The studio's exploring: objectives, guides and the strongest channels on every dream; looks sheets; channel sheets rendered once.</summary>
public class ExploreApiTests
{
    static readonly string Coffee = TestImages.Photo("coffee.png");
    static readonly (string, string)[] Quick = [("iterations", "2"), ("octaves", "1"), ("seed", "3")];

    /// <summary>Four tiles of layer2, small and few steps: a sheet in about a second.</summary>
    static readonly (string, string)[] TinySheet = [("model", "resnet18"), ("layer", "layer2"), ("channels", "0-3"), ("size", "48"), ("iterations", "4")];

    static MultipartFormDataContent WithGuide(MultipartFormDataContent form, string guide)
    {
        form.Add(new ByteArrayContent(File.ReadAllBytes(guide)), "guide", Path.GetFileName(guide));
        return form;
    }

    static string Query((string Name, string Value)[] fields) => string.Join("&", fields.Select(f => $"{f.Name}={Uri.EscapeDataString(f.Value)}"));

    static async Task<RgbImage> DownloadPng(StudioHost studio, string address, string name)
    {
        var response = await studio.Client.GetAsync(address);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        return ImageFile.Read(TestImages.Write(name, await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task AnObjectiveExpressionAndTheStrongestChannelsDream()
    {
        await using var studio = await StudioHost.StartAsync();
        var objective = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, [.. Quick, ("objective", "layer3 + 0.5*layer4.0[12] - layer2[7]")]));
        var strongest = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, [.. Quick, ("layer", "layer3"), ("strongest", "5")]));

        var job = await studio.WaitAsync(objective, "done", "failed");
        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal("layer3 + 0.5*layer4.0[12] - layer2[7]", job.GetProperty("options").GetProperty("objective").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("options").GetProperty("layer").ValueKind);
        var dream = await DownloadPng(studio, $"/api/jobs/{objective}/result", "objective.png");
        var input = ImageFile.Read(Coffee, 160);
        Assert.Equal((input.Width, input.Height), (dream.Width, dream.Height));
        Assert.True(dream.Pixels.Zip(input.Pixels).Average(p => Math.Abs(p.First - p.Second)) > 1, "the dream differs from the photo");

        job = await studio.WaitAsync(strongest, "done", "failed");
        Assert.Equal(("done", 5), (job.GetProperty("status").GetString(), job.GetProperty("options").GetProperty("strongest").GetInt32()));
    }

    public static TheoryData<string, string[], string> BadObjectives() => new()
    {
        { "/api/dreams", ["objective", "layer3 +* layer2"], "cannot read the objective 'layer3 +* layer2' at character" },
        { "/api/dreams", ["objective", "layer3 - nosuchlayer[2]"], "no layer 'nosuchlayer'" },
        { "/api/dreams", ["objective", "layer3 + layer2[999]"], "channel 999 is out of range: layer layer2 has channels 0 to 127" },
        { "/api/dreams", ["objective", string.Join(" + ", Enumerable.Repeat("layer2", 17))], "the objective has 17 terms; the studio dreams at most 16" },
        { "/api/zooms", ["objective", "layer3 -"], "cannot read the objective" },
        { "/api/dreams", ["objective", "layer3", "layer", "layer2"], "leave out layer" },
        { "/api/dreams", ["strongest", "5", "channel", "3"], "choose one of objective, guide, strongest and channel" },
        { "/api/dreams", ["strongest", "500"], "strongest must be between 1 and 64 channels" },
        { "/api/dreams", ["guide", "/etc/passwd"], "send the guide as an image file in the field 'guide', not as text" },
        { "/api/dreams", ["objective", "1e999*layer3"], "the weight 1e999 in the objective is too large to be a number" },
        { "/api/dreams", ["objective", "layer3 + 1e400 * layer2[7]"], "the weight 1e400 in the objective is too large" },
        // A megabyte of objective is answered with its first 40 characters, not echoed back.
        { "/api/dreams", ["objective", "layer3 + " + new string('x', 1 << 20) + "!"], $"cannot read the objective 'layer3 + {new string('x', 31)}…' at character" },
        { "/api/dreams", ["layer", new string('y', 1 << 20)], $"has no layer '{new string('y', 40)}…'" },
    };

    [Theory]
    [MemberData(nameof(BadObjectives))]
    public async Task BadObjectivesGetA400ThatNamesTheProblem(string path, string[] fields, string expected)
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        await studio.RefusedAsync(path, StudioHost.Form(Coffee, [.. fields.Chunk(2).Select(f => (f[0], f[1]))]), expected);
    }

    [Fact]
    public async Task AGuidedDreamAndZoomRunWithTheGuideKeptInTheJob()
    {
        await using var studio = await StudioHost.StartAsync();
        var dream = await studio.SubmitAsync("/api/dreams", WithGuide(StudioHost.Form(Coffee, [.. Quick, ("layer", "layer3")]), TestImages.Photo("rocket.jpg")));
        var zoom = await studio.SubmitAsync("/api/zooms",
            WithGuide(StudioHost.Form(Coffee, [.. Quick, ("dreamSteps", "1"), ("zoomSteps", "1"), ("format", "gif")]), TestImages.Photo("rocket.jpg")));

        var job = await studio.WaitAsync(dream, "done", "failed");
        Assert.Equal("done", job.GetProperty("status").GetString());
        Assert.Equal($"/api/jobs/{dream}/guide", job.GetProperty("options").GetProperty("guide").GetString());
        var guide = await DownloadPng(studio, $"/api/jobs/{dream}/guide", "guide.png");
        Assert.Equal(160, Math.Max(guide.Width, guide.Height));
        // The job's options name its own files by their content, never a path a request chose, and the PNG does not tell where the server keeps it.
        var stored = new SqliteJobStore(studio.DataFolder, new StudioOptions().MaxCrashes).Get(dream)!.Options;
        string Named(string file) => $"{{\"Path\":\"{file}\",\"Sha256\":\"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(studio.DataFolder, "jobs", dream, file))))}\"}}";
        Assert.Contains($"\"Guide\":{Named("guide.png")}", stored);
        Assert.Contains($"\"Photo\":{Named("input.png")}", stored);
        var result = TestImages.Write("guided.png", await studio.Client.GetByteArrayAsync($"/api/jobs/{dream}/result"));
        var parameters = JsonSerializer.Deserialize<DreamParameters>(PngText.Read(result)[DreamParameters.Key])!;
        Assert.Equal(("guide.png", "layer3"), (parameters.Guide, parameters.Layer));

        Assert.Equal("done", (await studio.WaitAsync(zoom, "done", "failed")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AJobWithoutAGuideHasNone()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        var id = await studio.SubmitAsync("/api/dreams", StudioHost.Form(Coffee, Quick));
        Assert.Equal(JsonValueKind.Null, (await studio.JobAsync(id)).GetProperty("options").GetProperty("guide").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await studio.Client.GetAsync($"/api/jobs/{id}/guide")).StatusCode);
    }

    public static TheoryData<string, string> BadGuides() => new()
    {
        { "text", "the uploaded guide image" },
        { "truncated", "the uploaded guide image is damaged or truncated" },
        { "huge", "the uploaded guide image is 40000x40000 pixels" },
    };

    [Theory]
    [MemberData(nameof(BadGuides))]
    public async Task ABadGuideUploadIsRefused(string kind, string expected)
    {
        var guide = kind switch
        {
            "text" => TestImages.Write("guide.txt", "this is text, not a picture"u8.ToArray()),
            "truncated" => TestImages.TruncatedJpeg(),
            _ => TestImages.Write("huge-guide.png", TestImages.HugePng()),
        };
        await using var studio = await StudioHost.StartAsync(workers: 0);
        await studio.RefusedAsync("/api/dreams", WithGuide(StudioHost.Form(Coffee, Quick), guide), expected);
    }

    [Fact]
    public async Task AGuideSentWithAClipHasThePhotosCap()
    {
        var clip = Ffmpeg.Make(TestImages.TempPath("guided-clip.webm"), "-f", "lavfi", "-i", "testsrc=size=96x64:rate=25", "-frames:v", "3", "-c:v", "libvpx-vp9");
        await using var studio = await StudioHost.StartAsync(workers: 0, maxUploadBytes: 100_000);
        var form = WithGuide(StudioHost.Form(null, Quick), TestImages.Photo("rocket.jpg"));
        form.Add(new ByteArrayContent(File.ReadAllBytes(clip)), "video", "clip.webm");
        await studio.RefusedAsync("/api/videos", form, "the uploaded guide image: the upload is larger than 0.1 MB");
    }

    [Fact]
    public async Task TheApiDescriptionHasTheNewPaths()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        var openApi = await studio.Client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/api/looks", "/api/sheets", "/api/sheets/{key}/image", "/api/jobs/{id}/guide" })
            Assert.Contains($"\"{path}\"", openApi);
    }

    [Fact]
    public async Task ALooksSheetLaysTheDreamsBesideThePhoto()
    {
        await using var studio = await StudioHost.StartAsync();
        var id = await studio.SubmitAsync("/api/looks", StudioHost.Form(Coffee, [("iterations", "1"), ("octaves", "1"), ("layers", "layer2, parts")]));
        var job = await studio.WaitAsync(id, "done", "failed");
        Assert.Equal(("done", "looks"), (job.GetProperty("status").GetString(), job.GetProperty("kind").GetString()));
        Assert.Equal(["layer2", "parts"], job.GetProperty("options").GetProperty("layers").EnumerateArray().Select(l => l.GetString()));
        var sheet = await DownloadPng(studio, $"/api/jobs/{id}/result", "looks.png");
        var photo = ImageFile.Read(Coffee, 160);
        Assert.True(sheet.Width > 3 * photo.Width, $"the sheet ({sheet.Width} wide) holds the photo and two looks of {photo.Width}");
        Assert.True(sheet.Height > photo.Height, "a label under each");
    }

    public static TheoryData<string[], string> BadLooks() => new()
    {
        { ["layer", "layer3"], "leave out layer, channel, objective and strongest" },
        { ["objective", "layer3"], "leave out layer, channel, objective and strongest" },
        { ["layers", "layer2,nosuchlayer"], "no layer 'nosuchlayer'" },
        { ["layers", " , "], "layers names no layer" },
        { ["layers", string.Join(",", Enumerable.Repeat("layer2", 11))], "a looks sheet in the studio has at most 10" },
    };

    [Theory]
    [MemberData(nameof(BadLooks))]
    public async Task BadLooksGetA400(string[] field, string expected)
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        await studio.RefusedAsync("/api/looks", StudioHost.Form(Coffee, (field[0], field[1])), expected);
    }

    [Fact]
    public async Task ASheetIsRenderedOnceAndTellsWhereEachChannelIs()
    {
        string id, data;
        await using (var queued = await StudioHost.StartAsync(workers: 0))
        {
            data = queued.DataFolder;
            var missing = await queued.Client.GetAsync($"/api/sheets?{Query(TinySheet)}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("not rendered yet", await missing.Content.ReadAsStringAsync());
            id = await queued.SubmitAsync("/api/sheets", StudioHost.Form(null, TinySheet));
            // The same sheet asked again while it waits: the same job, and no second one.
            Assert.Equal(id, await queued.SubmitAsync("/api/sheets", StudioHost.Form(null, TinySheet)));
            Assert.Single(await queued.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs") ?? []);
        }

        await using var studio = await StudioHost.StartAsync(dataFolder: data);
        var job = await studio.WaitAsync(id, "done", "failed");
        Assert.Equal(("done", "sheet"), (job.GetProperty("status").GetString(), job.GetProperty("kind").GetString()));
        var options = job.GetProperty("options");
        Assert.Equal(("layer2", "0-3", "fourier", 48, 4), (options.GetProperty("layer").GetString(), options.GetProperty("channels").GetString(),
            options.GetProperty("renderer").GetString(), options.GetProperty("size").GetInt32(), options.GetProperty("iterations").GetInt32()));

        var sheet = await studio.Client.GetFromJsonAsync<JsonElement>($"/api/sheets?{Query(TinySheet)}");
        Assert.Equal(id, sheet.GetProperty("job").GetString());
        var picture = await DownloadPng(studio, sheet.GetProperty("image").GetString()!, "sheet.png");
        Assert.Equal((picture.Width, picture.Height), (sheet.GetProperty("width").GetInt32(), sheet.GetProperty("height").GetInt32()));
        var tiles = sheet.GetProperty("tiles").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], tiles.Select(t => t.GetProperty("channel").GetInt32()));
        foreach (var tile in tiles)
        {
            var (x, y, w, h) = (tile.GetProperty("x").GetInt32(), tile.GetProperty("y").GetInt32(), tile.GetProperty("width").GetInt32(), tile.GetProperty("height").GetInt32());
            Assert.Equal((48, 48), (w, h));
            Assert.InRange(x + w, 1, picture.Width);
            Assert.InRange(y + h, 1, picture.Height);
            // A tile's edges are picture, the pixels just outside it the sheet's white.
            Assert.True(Brightness(picture, x, y, w, h) < 250, $"channel {tile.GetProperty("channel")}'s tile at ({x}, {y}) is a picture");
            Assert.Equal(255, Brightness(picture, x - 1, y - 1, w + 2, 1));
        }

        // Asked again, by a look's name for the same layer: the rendered sheet, no new job.
        var again = await studio.Client.PostAsync("/api/sheets", StudioHost.Form(null, [.. TinySheet.Where(f => f.Item1 != "layer"), ("layer", "patterns")]));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job").GetString());
        Assert.Single(await studio.Client.GetFromJsonAsync<JsonElement[]>("/api/jobs") ?? []);

        // The sheet outlives its job.
        await studio.DeleteAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await studio.Client.GetAsync(sheet.GetProperty("image").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await studio.Client.GetAsync("/api/sheets/0123456789abcdef0123456789abcdef/image")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await studio.Client.GetAsync("/api/sheets/..%2Fjobs.db/image")).StatusCode);
    }

    /// <summary>The mean of a rectangle's pixels over the three channels.</summary>
    static double Brightness(RgbImage image, int x, int y, int width, int height) =>
        Enumerable.Range(0, 3).SelectMany(c => Enumerable.Range(y, height).SelectMany(row => Enumerable.Range(x, width)
            .Select(column => (double)image.Pixels[(c * image.Height + row) * image.Width + column]))).Average();

    public static TheoryData<string[], string> BadSheets() => new()
    {
        { ["size", "300"], "size must be at most 224 pixels in the studio, not 300" },
        { ["size", "8"], "size must be between 32 and 2048 pixels, not 8" },
        { ["iterations", "300"], "iterations must be at most 256 in the studio, not 300" },
        { ["channels", "0-99"], "channels 0-99 are 100 channels; a sheet in the studio shows at most 64" },
        { ["channels", "100-199"], "channels 100-199 are out of range: layer layer2 has channels 0 to 127" },
        { ["channels", "a-b"], "channels must be a range like 0-63" },
        { ["renderer", "magic"], "renderer must be naive or multiscale or lapnorm or fourier, not 'magic'" },
        { ["model", "/etc/passwd"], "model must be one of" },
        { ["layer", "nosuchlayer"], "no layer 'nosuchlayer'" },
    };

    [Theory]
    [MemberData(nameof(BadSheets))]
    public async Task BadSheetsGetA400(string[] field, string expected)
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        (string, string)[] fields = [.. TinySheet.Where(f => f.Item1 != field[0]), (field[0], field[1])];
        await studio.RefusedAsync("/api/sheets", StudioHost.Form(null, fields), expected);
        var found = await studio.Client.GetAsync($"/api/sheets?{Query(fields)}");
        Assert.Equal(HttpStatusCode.BadRequest, found.StatusCode);
        Assert.Contains(expected, (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ASheetOfAWideLayerShowsTheFirstChannelsTheStudioAllows()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0);
        var missing = await studio.Client.GetAsync("/api/sheets?layer=objects");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("the sheet of layer4.0 channels 0-63 is not rendered yet", await missing.Content.ReadAsStringAsync());
    }
}
