using GraphQL;

namespace ContactBox.Api.Realtime;

/// <summary>
/// One response stream shared by every subscriber whose results cannot differ (<see cref="RealtimeExecutionStrategy"/>
/// groups them by document, variables, workspace, member, scopes and roles): one hub handler and one execution per
/// event for the group, the same <see cref="ExecutionResult"/> handed to each member. Members keep their own bounded
/// buffer: when an event arrives the group reserves a place in each member's <see cref="IDeliveryBudget"/> (the
/// stream's budget is the group itself), and only the members that reserved one receive that event's result.
/// </summary>
internal sealed class SharedSubscription(string key, SharedSubscriptions registry, ILogger logger) : IDeliveryBudget, IObserver<ExecutionResult>
{
    private readonly Lock _gate = new();
    // Members that reserved a place, per event accepted and not yet executed, in event order (the response stream
    // keeps the order of its source: one result per accepted event).
    private readonly Queue<Member[]> _reserved = new();
    private IObservable<ExecutionResult>? _stream;
    private Task _delivered = Task.CompletedTask;
    private IDisposable? _subscription;
    private bool _subscribing;
    private Member[] _members = [];

    public string Key { get; } = key;

    /// <summary>How many of the group's events execute at the same time (they are delivered in order).</summary>
    public SemaphoreSlim Executions { get; } = new(4);

    /// <summary>Completes when the group's stream is resolved: true when it was, false when the subscribe failed.</summary>
    public TaskCompletionSource<bool> Opened { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open(IObservable<ExecutionResult>? stream)
    {
        _stream = stream;
        if (stream is null)
        {
            registry.Forget(this);
        }

        Opened.TrySetResult(stream is not null);
    }

    /// <summary>The stream one subscriber observes; its events reserve places in <paramref name="budget"/>.</summary>
    public IObservable<ExecutionResult> Join(IDeliveryBudget? budget) => new MemberStream(this, budget);

    bool IDeliveryBudget.TryReserve()
    {
        // Called on the hub's dispatch loop, one event at a time.
        var members = Volatile.Read(ref _members);
        List<Member>? reserved = null;
        foreach (var member in members)
        {
            if (member.Budget is null || member.Budget.TryReserve())
            {
                (reserved ??= new List<Member>(members.Length)).Add(member);
            }
        }

        if (reserved is null)
        {
            return false;
        }

        lock (_gate)
        {
            _reserved.Enqueue([.. reserved]);
        }

        return true;
    }

    /// <summary>The group's places are its members'; each member's transport releases its own.</summary>
    void IDeliveryBudget.Release()
    {
    }

    public void OnNext(ExecutionResult value)
    {
        var result = value is PendingResult pending ? pending.Result : Task.FromResult(value);
        lock (_gate)
        {
            _reserved.TryDequeue(out var reserved);
            _delivered = DeliverInOrderAsync(_delivered, reserved ?? [], result);
        }
    }

    /// <summary>Hands an event's result to the members that reserved a place for it, after the events before it.</summary>
    private async Task DeliverInOrderAsync(Task previous, Member[] reserved, Task<ExecutionResult> result)
    {
        await previous;
        ExecutionResult value;
        try
        {
            value = await result;
        }
#pragma warning disable CA1031 // the members still get their places back (Skipped releases them)
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "A subscription event could not be executed");
            value = RealtimeExecutionStrategy.Skipped;
        }

        // One delegate for the event, not one per member.
        Action<IObserver<ExecutionResult>> next = o => o.OnNext(value);
        foreach (var member in reserved)
        {
            if (member.IsActive)
            {
                Deliver(member, next);
            }
        }
    }

    public void OnError(Exception error) => AfterDeliveries(o => o.OnError(error));

    public void OnCompleted() => AfterDeliveries(o => o.OnCompleted());

    /// <summary>The end of the stream reaches every member after the events before it.</summary>
    private void AfterDeliveries(Action<IObserver<ExecutionResult>> action)
    {
        lock (_gate)
        {
            _delivered = _delivered.ContinueWith(
                _ => Array.ForEach(Volatile.Read(ref _members), member => Deliver(member, action)),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private void Deliver(Member member, Action<IObserver<ExecutionResult>> action)
    {
        try
        {
            action(member.Observer);
        }
#pragma warning disable CA1031 // one failing member must not stop delivery to the others
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "A subscriber failed to take an event");
        }
    }

    // The stream is subscribed and disposed outside the lock: disposing waits for an event in flight, whose
    // delivery (OnNext) takes the lock.
    private void Add(Member member)
    {
        lock (_gate)
        {
            _members = [.. _members, member];
            if (_subscription is not null || _subscribing)
            {
                return;
            }

            // The first member (again): the group listens to the hub from now on.
            _subscribing = true;
        }

        var subscription = _stream!.Subscribe(this);
        lock (_gate)
        {
            _subscribing = false;
            if (_members.Length > 0)
            {
                _subscription = subscription;
                return;
            }
        }

        subscription.Dispose();
    }

    private void Remove(Member member)
    {
        IDisposable? subscription;
        lock (_gate)
        {
            _members = Array.FindAll(_members, m => m != member);
            if (_members.Length > 0)
            {
                return;
            }

            subscription = _subscription;
            _subscription = null;
            _reserved.Clear();
        }

        registry.Forget(this);
        // A member may leave on the hub's dispatch loop (a full buffer closes its connection there): the loop must
        // not wait for this group's event in flight.
        if (subscription is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(s => s.Dispose(), subscription, preferLocal: false);
        }
    }

    private sealed class Member(IObserver<ExecutionResult> observer, IDeliveryBudget? budget)
    {
        private int _active = 1;

        public IObserver<ExecutionResult> Observer { get; } = observer;

        public IDeliveryBudget? Budget { get; } = budget;

        public bool IsActive => Volatile.Read(ref _active) == 1;

        public bool Deactivate() => Interlocked.Exchange(ref _active, 0) == 1;
    }

    private sealed class MemberStream(SharedSubscription group, IDeliveryBudget? budget) : IObservable<ExecutionResult>
    {
        public IDisposable Subscribe(IObserver<ExecutionResult> observer)
        {
            var member = new Member(observer, budget);
            group.Add(member);
            return new Leave(group, member);
        }
    }

    private sealed class Leave(SharedSubscription group, Member member) : IDisposable
    {
        public void Dispose()
        {
            if (member.Deactivate())
            {
                group.Remove(member);
            }
        }
    }
}

/// <summary>The open <see cref="SharedSubscription"/>s of this instance, by sharing key.</summary>
public sealed class SharedSubscriptions(ILogger<SharedSubscriptions> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SharedSubscription> _groups = new(StringComparer.Ordinal);

    /// <summary>The number of groups (distinct subscriptions) open on this instance.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _groups.Count;
            }
        }
    }

    /// <summary>The group of <paramref name="key"/>, and whether the caller created it (and must open it).</summary>
    internal (SharedSubscription Group, bool Created) GetOrAdd(string key)
    {
        lock (_gate)
        {
            if (_groups.TryGetValue(key, out var group))
            {
                return (group, false);
            }

            group = new SharedSubscription(key, this, logger);
            _groups.Add(key, group);
            return (group, true);
        }
    }

    internal void Forget(SharedSubscription group)
    {
        lock (_gate)
        {
            if (_groups.TryGetValue(group.Key, out var current) && ReferenceEquals(current, group))
            {
                _groups.Remove(group.Key);
            }
        }
    }
}
