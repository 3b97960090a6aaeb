namespace DeepDream.Models;

/// <summary>Brings a model file from its official address, or from a copy the user downloaded elsewhere (a path or URL).</summary>
static class ModelDownload
{
    /// <param name="offline">What to do instead when the address cannot be reached, for the message.</param>
    public static async Task FetchAsync(string source, string target, string offline, CancellationToken cancel)
    {
        if (!source.StartsWith("http://") && !source.StartsWith("https://"))
        {
            if (!File.Exists(source)) throw new DeepDreamException($"'{source}' does not exist; pass the path of the downloaded file");
            File.Copy(source, target, overwrite: true);
            return;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        try
        {
            using var response = await http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancel);
            response.EnsureSuccessStatusCode();
            await using var file = File.Create(target);
            await response.Content.CopyToAsync(file, cancel);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            File.Delete(target);
            throw new DeepDreamException($"cannot download {source} ({e.Message.TrimEnd('.')}); {offline}", e);
        }
    }
}
