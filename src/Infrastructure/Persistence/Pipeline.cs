using System.Threading.Channels;

namespace ContactBox.Infrastructure.Persistence;

/// <summary>
/// Two stages on two threads with a bounded channel between them, so that one stage's work (reading rows from the
/// database, parsing a file) overlaps with the other's (writing a file, writing to the database) while memory stays
/// at <c>capacity</c> items in flight. Only the consuming stage runs on the caller's flow, so a DbContext that only one
/// stage uses stays single-threaded.
/// </summary>
public static class Pipeline
{
    /// <summary>
    /// Runs <paramref name="produce"/> on the thread pool, writing into the channel, and <paramref name="consume"/> for
    /// each item in order on the caller's flow. A failed or cancelled consumer stops the producer, and this returns only
    /// after the producer has ended (whatever it holds is released); the producer's exception is rethrown here.
    /// </summary>
    public static async Task RunAsync<T>(int capacity, Func<ChannelWriter<T>, CancellationToken, Task> produce, Func<T, CancellationToken, ValueTask> consume,
        CancellationToken cancellationToken)
    {
        var items = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                await produce(items.Writer, stop.Token);
                items.Writer.TryComplete();
            }
            catch (Exception e)
            {
                items.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var item in items.Reader.ReadAllAsync(cancellationToken))
            {
                await consume(item, cancellationToken);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await producer;
        }
    }
}
