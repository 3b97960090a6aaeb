using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DeepDream.Cli.Commands;
using DeepDream.Dreaming;
using DeepDream.Imaging;
using DeepDream.Requests;
using DeepDream.Tests.Support;
using DeepDream.Tests.Web;
using DeepDream.Web.Api;
using DeepDream.Web.Jobs;
using Xunit;

namespace DeepDream.Tests.Requests;

/// <summary>A request of the test project's own, with one toy option beside a dream's: declared once, nothing else written for it.</summary>
public sealed record ToyRequest : IOptions
{
    public InputFile? Photo { get; init; }

    [OptionGroup]
    public DreamOptions Dream { get; init; } = new();

    [Option("how many toys to hide in the dream", Min = 1, Max = 9, StudioMax = 5, Unit = "toys")]
    public int Toys { get; init; } = 2;

    public void Validate()
    {
        Dream.Validate();
        OptionSpecs.Of<ToyRequest>().CheckOwn(this);
    }
}

/// <summary>The toy kind of job: its request, this handler, and one registration line (<see cref="ToyOptionTests.Toys"/>).</summary>
public sealed class ToyJobHandler(ImageInput images, GuideInput guides) : PhotoJobHandler<ToyRequest>(new("Toy"), "toys", "Queue a toy: a photo's copy",
    images, guides, new(r => r.Dream, (r, dream) => r with { Dream = dream }, (r, photo) => r with { Photo = photo }))
{
    public override string Run(JobWork<ToyRequest> work)
    {
        ImageFile.Write(ImageInput.Read(work.Folder), Path.Combine(work.Folder, "result.png"));
        return "result.png";
    }
}

public class ToyOptionTests
{
    const string Refused = "toys must be between 1 and 9 toys, not 12";
    const string Capped = "toys must be at most 5 toys in the studio, not 7";

    static void Toys(Microsoft.Extensions.DependencyInjection.IServiceCollection services) => services.AddJobKind<ToyJobHandler>();

    [Fact]
    public void TheCommandLineHasItWithItsHelpRangeAndDefault()
    {
        var toy = new RequestOptions<ToyRequest>();
        var command = new RootCommand("toy");
        toy.AddTo(command);
        var help = new StringWriter();
        command.Parse("--help").Invoke(new InvocationConfiguration { Output = help });
        Assert.Matches(@"--toys <toys>\s+how many toys to hide in the dream \(between 1 and 9 toys\) \[default: 2\]", help.ToString());

        Assert.Equal(4, toy.ReadChecked(command.Parse("--toys 4")).Toys);
        Assert.Equal(2, toy.ReadChecked(command.Parse("")).Toys);
        Assert.Equal([Refused], command.Parse("--toys 12").Errors.Select(e => e.Message));
    }

    [Fact]
    public void TheFormBinderReadsItAndValidationAndTheStudiosCapRefuseIt()
    {
        static ToyRequest Read(string value) => new OptionFields(name => name == "toys" ? value : null).Read<ToyRequest>();
        Assert.Equal(4, Read("4").Toys);
        Assert.Equal(Refused, Assert.Throws<DeepDreamException>(() => Read("12")).Message);
        Assert.Equal(Capped, Assert.Throws<DeepDreamException>(() => Read("7")).Message);
        Assert.Equal("toys must be a whole number, not 'many'", Assert.Throws<DeepDreamException>(() => Read("many")).Message);
        Assert.Equal(Refused, Assert.Throws<DeepDreamException>(() => new ToyRequest { Toys = 12 }.Validate()).Message);
    }

    [Fact]
    public void TheStoredJsonAndTheApiViewHoldIt()
    {
        var request = new ToyRequest { Toys = 4, Dream = new() { Iterations = 3 } };
        var stored = StoredRequest.Write(new JobKind("Toy"), request);
        Assert.Contains("\"Toys\":4", stored);
        Assert.StartsWith("{\"Version\":2,\"Kind\":\"Toy\",\"Request\":{", stored);
        Assert.Equal(request with { Dream = request.Dream }, StoredRequest.Read<ToyRequest>(new JobKind("Toy"), stored, _ => throw new InvalidOperationException()));
        var view = RequestView.Of(request, "0123");
        Assert.Equal((4, 3), (view["toys"], view["iterations"]));
    }

    [Fact]
    public async Task TheStudioQueuesItShowsItAndDescribesIt()
    {
        await using var studio = await StudioHost.StartAsync(workers: 0, kinds: Toys);
        var id = await studio.SubmitAsync("/api/toys", StudioHost.Form(TestImages.Photo("coffee.png"), ("toys", "4"), ("iterations", "3")));
        var job = await studio.JobAsync(id);
        Assert.Equal(("toy", 4, 3), (job.GetProperty("kind").GetString(), job.GetProperty("options").GetProperty("toys").GetInt32(),
            job.GetProperty("options").GetProperty("iterations").GetInt32()));

        var response = await studio.Client.PostAsync("/api/toys", StudioHost.Form(TestImages.Photo("coffee.png"), ("toys", "7")));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Capped, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var openApi = (await studio.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("paths").GetProperty("/api/toys").GetProperty("post");
        var toys = openApi.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema").GetProperty("properties").GetProperty("toys");
        Assert.Equal(("integer", 1, 5, "how many toys to hide in the dream"), (toys.GetProperty("type").GetString(), toys.GetProperty("minimum").GetInt32(),
            toys.GetProperty("maximum").GetInt32(), toys.GetProperty("description").GetString()));

        var fields = (await studio.Client.GetFromJsonAsync<JsonElement>("/api/options")).GetProperty("toys").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "toys");
        Assert.Equal((2, 5), (fields.GetProperty("default").GetInt32(), fields.GetProperty("max").GetInt32()));
    }
}
