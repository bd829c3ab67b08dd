using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Api.Attachments;

/// <summary>
/// <c>dotnet run --project src/Api -- attachments sweep</c>: removes staging files of dead uploads and blobs that
/// no attachment refers to (what a crash can leave), prints what it removed. Safe while instances are serving.
/// </summary>
public static class AttachmentsCommand
{
    public static bool IsCommand(string[] args) => args is ["attachments", ..];

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args is not ["attachments", "sweep"])
        {
            await Console.Error.WriteLineAsync("usage: attachments sweep");
            return 2;
        }

        var cancellationToken = app.Lifetime.ApplicationStopping;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().PrepareAsync(scope.ServiceProvider.GetRequiredService<DatabaseOptions>(), cancellationToken);
        }

        var result = await app.Services.GetRequiredService<AttachmentSweep>().RunAsync(cancellationToken);
        Console.WriteLine($"Removed {result.StagingFilesRemoved} stale staging files and {result.OrphanBlobsRemoved} orphan blobs.");
        return 0;
    }
}
