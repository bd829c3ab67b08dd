using System.Collections.Concurrent;
using System.Security.Claims;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Realtime;
using ContactBox.Api.Auth;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// Watches the tokens of open connections (WebSocket, SSE) until they stop being valid: each one's expiry by a timer,
/// and their revocation by one sweep of the token table for all of them every <see cref="RealtimeOptions.TokenCheckInterval"/>
/// (one statement per <see cref="TokensPerStatement"/> tokens) instead of a full validation per connection. Once the
/// validation accepted a token, only its entry can change (revoked, or gone with its client): signature, audience and
/// lifetime stay as they were checked. Every accepted token has an entry ID (<see cref="TokenEntryValidation"/> refuses
/// one without). A sweep that fails (the database did not answer) is logged and ends nothing; the next one checks again.
/// </summary>
public sealed class TokenWatch(IServiceScopeFactory scopes, IOptions<RealtimeOptions> options, TimeProvider clock, ILogger<TokenWatch> logger)
    : BackgroundService
{
    public const int TokensPerStatement = 500;

    private readonly ConcurrentDictionary<Watched, byte> _watched = new();

    /// <summary>How many connections' tokens are watched now.</summary>
    public int Count => _watched.Count;

    /// <summary>
    /// Completes when the caller's token expires or is revoked (at once for a principal without a token entry ID, which
    /// no validated token lacks); throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// (the connection's end) comes first.
    /// </summary>
    public async Task WhenInvalidAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (user.GetTokenId() is not { Length: > 0 } id)
        {
            return;
        }

        var watched = new Watched(id);
        _watched.TryAdd(watched, 0);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var expiry = TransportAuthentication.ExpiresAt(user) is { } expires
                // A little after the instant, so that the token counts as expired then.
                ? Task.Delay(Max(expires - clock.GetUtcNow() + TimeSpan.FromMilliseconds(50), TimeSpan.Zero), clock, stop.Token)
                : Task.Delay(Timeout.InfiniteTimeSpan, clock, stop.Token);
            await Task.WhenAny(watched.Revoked.Task, expiry);
            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            _watched.TryRemove(watched, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TokenCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await SweepAsync(stoppingToken);
        }
    }

    /// <summary>Ends the watch of every connection whose token entry is no longer valid.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var watched = _watched.Keys.ToList();
        try
        {
            foreach (var chunk in watched.GroupBy(w => w.TokenId, StringComparer.Ordinal).Chunk(TokensPerStatement))
            {
                var ids = chunk.Select(g => g.Key).ToArray();
                await using var scope = scopes.CreateAsyncScope();
                var valid = await TokenEntries.ValidAmongAsync(scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>(), ids, cancellationToken);
                foreach (var connection in chunk.Where(g => !valid.Contains(g.Key)).SelectMany(g => g))
                {
                    connection.Revoked.TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The tokens of open connections could not be checked; they are checked again in {Interval}", options.Value.TokenCheckInterval);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One connection's token, by its entry's ID.</summary>
    private sealed class Watched(string tokenId)
    {
        public string TokenId { get; } = tokenId;

        public TaskCompletionSource Revoked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
