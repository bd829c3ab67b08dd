// The baseline of bench/attachments.sh: the least an ASP.NET Core endpoint can do with an upload (write the request
// body to a file) and a download (send a file), to set ContactBox's attachment figures beside.
using Microsoft.AspNetCore.Http.Features;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "upload-sink-" + Environment.ProcessId)).FullName;

app.MapPost("/upload", async (HttpContext context) =>
{
    context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null;
    var path = Path.Combine(folder, "upload.bin");
    await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
    {
        await context.Request.Body.CopyToAsync(file, context.RequestAborted);
    }

    return Results.Ok(new FileInfo(path).Length);
});

app.MapGet("/download", (string path) => Results.File(path, "application/pdf", enableRangeProcessing: true));
app.Lifetime.ApplicationStopped.Register(() => Directory.Delete(folder, recursive: true));
await app.RunAsync();
