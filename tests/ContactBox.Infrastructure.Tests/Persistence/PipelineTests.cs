using ContactBox.Infrastructure.Persistence;
using Xunit;

namespace ContactBox.Infrastructure.Tests.Persistence;

public sealed class PipelineTests
{
    [Fact]
    public async Task Every_item_reaches_the_consumer_once_and_in_order()
    {
        var consumed = new List<int>();
        await Pipeline.RunAsync<int>(2, async (items, token) =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                await items.WriteAsync(i, token);
            }
        }, (item, _) =>
        {
            consumed.Add(item);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 1_000), consumed);
    }

    [Fact]
    public async Task A_failed_producer_fails_the_run_with_its_exception_after_the_items_it_gave()
    {
        var consumed = new List<int>();
        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => Pipeline.RunAsync<int>(1, async (items, token) =>
        {
            await items.WriteAsync(1, token);
            await items.WriteAsync(2, token);
            throw new InvalidDataException("row 3 is broken");
        }, (item, _) =>
        {
            consumed.Add(item);
            return ValueTask.CompletedTask;
        }, CancellationToken.None));

        Assert.Equal("row 3 is broken", failure.Message);
        Assert.Equal([1, 2], consumed);
    }

    [Fact]
    public async Task A_failed_consumer_stops_the_producer_and_returns_only_after_it_has_ended()
    {
        var producerEnded = false;
        var produced = 0;
        await Assert.ThrowsAsync<IOException>(() => Pipeline.RunAsync<int>(1, async (items, token) =>
        {
            try
            {
                while (true)
                {
                    await items.WriteAsync(produced++, token);
                }
            }
            finally
            {
                // Whatever the producer holds (a data reader on the context) is released before the run ends.
                await Task.Delay(50, CancellationToken.None);
                producerEnded = true;
            }
        }, (item, _) => item == 3 ? throw new IOException("disk full") : ValueTask.CompletedTask, CancellationToken.None));

        Assert.True(producerEnded);
        // The channel holds one item and the producer waits on the next: it cannot run ahead of the consumer.
        Assert.InRange(produced, 4, 6);
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_both_sides()
    {
        using var cancel = new CancellationTokenSource();
        var producerCancelled = false;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pipeline.RunAsync<int>(1, async (items, token) =>
        {
            try
            {
                for (var i = 0; ; i++)
                {
                    await items.WriteAsync(i, token);
                }
            }
            catch (OperationCanceledException)
            {
                producerCancelled = true;
                throw;
            }
        }, async (item, token) =>
        {
            if (item == 10)
            {
                await cancel.CancelAsync();
            }

            token.ThrowIfCancellationRequested();
        }, cancel.Token));

        Assert.True(producerCancelled);
    }
}
