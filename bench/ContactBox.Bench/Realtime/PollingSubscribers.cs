using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ContactBox.Bench.Realtime;

/// <summary>
/// The benchmark's lean client (<c>--client polling</c>): plain sockets that speak just enough of RFC 6455 for
/// <c>graphql-transport-ws</c> (the upgrade, masked client frames, unmasked server frames) and one thread that polls all
/// of them. Per message it costs a share of one <c>poll</c> and one <c>recv</c>, where a <see cref="System.Net.WebSockets.ClientWebSocket"/>
/// costs a thread-pool hop and a second <c>recv</c> each, so the load generator takes less of the cores it shares
/// with the server. What it measures is the same: <c>publishedAt</c> to the moment the frame is read.
/// </summary>
internal sealed class PollingSubscribers(Uri baseUri) : IDisposable
{
    private readonly List<Connection> _connections = [];
    private Thread? _reader;
    private volatile bool _stopping;

    public int Count => _connections.Count;

    /// <summary>Opens one socket, upgrades it, sends <c>connection_init</c>, waits for the ack and subscribes.</summary>
    public void Subscribe(string token, string query)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(new IPEndPoint(IPAddress.Parse(baseUri.Host), baseUri.Port));
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        socket.Send(Encoding.ASCII.GetBytes(
            $"GET /graphql HTTP/1.1\r\nHost: {baseUri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"));
        var connection = new Connection(socket);
        var head = connection.ReadHead();
        if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The upgrade was refused: " + head.Split("\r\n")[0]);
        }

        SendText(socket, JsonSerializer.Serialize(new { type = "connection_init", payload = new { Authorization = "Bearer " + token } }));
        var ack = connection.ReadTextBlocking();
        if (!ack.Contains("connection_ack", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("No connection_ack: " + ack);
        }

        SendText(socket, JsonSerializer.Serialize(new { id = "1", type = "subscribe", payload = new { query } }));
        socket.Blocking = false;
        _connections.Add(connection);
    }

    /// <summary>Starts the polling thread: every text frame with a <c>publishedAt</c> is handed to <paramref name="received"/> with the time it was read.</summary>
    public void Start(Action<DateTimeOffset, DateTimeOffset> received, Action<string> closed)
    {
        _reader = new Thread(() => Poll(received, closed)) { IsBackground = true, Name = "bench poll" };
        _reader.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _reader?.Join();
        foreach (var connection in _connections)
        {
            connection.Socket.Dispose();
        }
    }

    private void Poll(Action<DateTimeOffset, DateTimeOffset> received, Action<string> closed)
    {
        var open = _connections.ToDictionary(c => c.Socket);
        var ready = new List<Socket>(open.Count);
        while (!_stopping && open.Count > 0)
        {
            ready.Clear();
            ready.AddRange(open.Keys);
            Socket.Select(ready, null, null, 100_000);
            foreach (var socket in ready)
            {
                var connection = open[socket];
                if (!connection.Receive(received, out var close))
                {
                    closed(close);
                    open.Remove(socket);
                }
            }
        }
    }

    private static void SendText(Socket socket, string text)
    {
        // A client frame: FIN + text, the mask bit with the payload length, the mask, the masked payload.
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new List<byte> { 0x81 };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }

        var mask = RandomNumberGenerator.GetBytes(4);
        frame.AddRange(mask);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ mask[i % 4])));
        socket.Send(frame.ToArray());
    }

    private sealed class Connection(Socket socket)
    {
        private static readonly byte[] Stamp = "\"publishedAt\":\""u8.ToArray();
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _length;

        public Socket Socket { get; } = socket;

        /// <summary>The HTTP response head of the upgrade; bytes after it stay in the buffer.</summary>
        public string ReadHead()
        {
            while (true)
            {
                var end = _buffer.AsSpan(0, _length).IndexOf("\r\n\r\n"u8);
                if (end >= 0)
                {
                    var head = Encoding.ASCII.GetString(_buffer, 0, end);
                    Consume(end + 4);
                    return head;
                }

                Fill();
            }
        }

        public string ReadTextBlocking()
        {
            while (true)
            {
                if (TryFrame(out var opcode, out var payload, out var size))
                {
                    var text = Encoding.UTF8.GetString(payload);
                    Consume(size);
                    if (opcode == 0x1)
                    {
                        return text;
                    }

                    continue;
                }

                Fill();
            }
        }

        /// <summary>Reads what the socket has and hands on every complete frame; false when the server closed.</summary>
        public bool Receive(Action<DateTimeOffset, DateTimeOffset> received, out string close)
        {
            close = "";
            int read;
            try
            {
                read = Socket.Receive(_buffer, _length, _buffer.Length - _length, SocketFlags.None);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                return true;
            }
            catch (SocketException e)
            {
                close = "SocketException: " + e.SocketErrorCode;
                return false;
            }

            if (read == 0)
            {
                close = "the server ended the connection without a close frame";
                return false;
            }

            var now = DateTimeOffset.UtcNow;
            _length += read;
            var offset = 0;
            while (TryFrame(offset, out var opcode, out var payload, out var size))
            {
                offset += size;
                if (opcode == 0x8)
                {
                    var code = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
                    close = $"{code} {Encoding.UTF8.GetString(payload[Math.Min(2, payload.Length)..])}";
                    return false;
                }

                var at = opcode == 0x1 ? payload.IndexOf(Stamp) : -1;
                if (at >= 0)
                {
                    var stamp = payload[(at + Stamp.Length)..];
                    received(RealtimeCommand.ParseStamp(stamp[..stamp.IndexOf((byte)'"')]), now);
                }
            }

            Consume(offset);
            return true;
        }

        private bool TryFrame(out int opcode, out ReadOnlySpan<byte> payload, out int size) => TryFrame(0, out opcode, out payload, out size);

        /// <summary>A server frame (never masked, never fragmented here) at <paramref name="offset"/>, when it is all in the buffer.</summary>
        private bool TryFrame(int offset, out int opcode, out ReadOnlySpan<byte> payload, out int size)
        {
            var available = _buffer.AsSpan(offset, _length - offset);
            opcode = 0;
            payload = default;
            size = 0;
            if (available.Length < 2)
            {
                return false;
            }

            var length = (long)(available[1] & 0x7F);
            var header = 2;
            if (length == 126)
            {
                if (available.Length < 4)
                {
                    return false;
                }

                length = BinaryPrimitives.ReadUInt16BigEndian(available[2..]);
                header = 4;
            }
            else if (length == 127)
            {
                if (available.Length < 10)
                {
                    return false;
                }

                length = (long)BinaryPrimitives.ReadUInt64BigEndian(available[2..]);
                header = 10;
            }

            if (header + length > _buffer.Length)
            {
                throw new InvalidOperationException("A message larger than the read buffer arrived.");
            }

            if (available.Length < header + length)
            {
                return false;
            }

            opcode = available[0] & 0x0F;
            payload = available.Slice(header, (int)length);
            size = header + (int)length;
            return true;
        }

        private void Fill()
        {
            var read = Socket.Receive(_buffer, _length, _buffer.Length - _length, SocketFlags.None);
            if (read == 0)
            {
                throw new InvalidOperationException("The server closed the connection during the handshake.");
            }

            _length += read;
        }

        private void Consume(int count)
        {
            _buffer.AsSpan(count, _length - count).CopyTo(_buffer);
            _length -= count;
        }
    }
}
