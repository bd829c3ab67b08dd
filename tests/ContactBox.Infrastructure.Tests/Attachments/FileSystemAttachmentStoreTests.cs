using System.Text;
using ContactBox.Infrastructure.Attachments;

namespace ContactBox.Infrastructure.Tests.Attachments;

public sealed class FileSystemAttachmentStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "contactbox-store", Guid.NewGuid().ToString("N"));
    private readonly Guid _workspace = Guid.CreateVersion7();
    private static readonly string Sha = new('c', 64);

    private FileSystemAttachmentStore Store => new(_root);

    [Fact]
    public async Task A_promoted_upload_becomes_the_blob_of_its_workspace_and_hash_and_reads_back_seekable()
    {
        await using (var staged = await Store.StageAsync(CancellationToken.None))
        {
            await staged.Content.WriteAsync(Encoding.UTF8.GetBytes("Inhalt des Dokuments"));
            await Store.PromoteAsync(staged, _workspace, Sha, CancellationToken.None);
        }

        await using var read = await Store.OpenReadAsync(_workspace, Sha, CancellationToken.None);
        read!.Seek(7, SeekOrigin.Begin);
        using var reader = new StreamReader(read);

        Assert.Equal("des Dokuments", await reader.ReadToEndAsync());
        Assert.Equal([(_workspace, Sha)], await Store.ListAsync(CancellationToken.None).ToListAsync());
        Assert.Null(await Store.OpenReadAsync(Guid.CreateVersion7(), Sha, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "staging")));
    }

    [Fact]
    public async Task An_upload_disposed_without_promotion_leaves_nothing()
    {
        await using (var staged = await Store.StageAsync(CancellationToken.None))
        {
            await staged.Content.WriteAsync(new byte[10_000]);
            Assert.Single(Directory.GetFiles(Path.Combine(_root, "staging")));
        }

        Assert.Empty(Directory.GetFiles(Path.Combine(_root, "staging")));
        Assert.Empty(await Store.ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task The_same_content_promoted_twice_is_one_blob_and_deleting_it_twice_is_harmless()
    {
        foreach (var _ in new[] { 1, 2 })
        {
            await using var staged = await Store.StageAsync(CancellationToken.None);
            await staged.Content.WriteAsync("gleich"u8.ToArray());
            await Store.PromoteAsync(staged, _workspace, Sha, CancellationToken.None);
        }

        var listed = await Store.ListAsync(CancellationToken.None).ToListAsync();
        await Store.DeleteAsync(_workspace, Sha, CancellationToken.None);
        await Store.DeleteAsync(_workspace, Sha, CancellationToken.None);

        Assert.Single(listed);
        Assert.False(await Store.ExistsAsync(_workspace, Sha, CancellationToken.None));
    }

    [Fact]
    public async Task Only_staging_files_idle_for_longer_than_the_grace_are_stale()
    {
        await using var running = await Store.StageAsync(CancellationToken.None);
        await running.Content.WriteAsync(new byte[10]);
        var dead = Path.Combine(_root, "staging", "dead.part");
        await File.WriteAllTextAsync(dead, "x");
        File.SetLastWriteTimeUtc(dead, DateTime.UtcNow.AddMinutes(-30));

        var removed = await Store.DeleteStaleStagingAsync(DateTimeOffset.UtcNow.AddMinutes(-15), CancellationToken.None);

        Assert.Equal((1, 1), (removed, Directory.GetFiles(Path.Combine(_root, "staging")).Length));
        Assert.False(File.Exists(dead));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
