namespace ContactBox.Api.Realtime;

/// <summary>
/// The bounded buffer of one connection (WebSocket or SSE): events accepted for it and not yet written. A transport
/// puts itself into the operation's user context under <see cref="Key"/>; the event streams reserve a place per event
/// and the transport releases it once the event is written (or filtered out).
/// </summary>
public interface IDeliveryBudget
{
    const string Key = "ContactBox.Realtime.DeliveryBudget";

    /// <summary>Reserves a place; false when the buffer is full, after which the transport ends the connection.</summary>
    bool TryReserve();

    void Release();
}
