using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Chapp.LoadTest;

/// <summary>
/// Reads SignalR's JSON hub protocol as it arrives from a WebSocket: frames end with the record separator (0x1E) and
/// may be split across receives or share one. The handshake answer (the one frame without a <c>type</c>) comes first;
/// pushed <c>message</c> and <c>messages</c> calls become deliveries; completions answer invocations; everything else
/// (presence, pings) is skipped.
/// </summary>
public sealed class HubFrameReader
{
    private const byte RecordSeparator = 0x1E;
    private static readonly DeliveryConverter Converter = new();
    private static readonly JsonSerializerOptions Options = new();

    private byte[] _buffer = new byte[16 * 1024];
    private int _filled;

    // Bytes at the start of the buffer already searched for a separator: a long frame arriving in pieces is scanned once.
    private int _scanned;

    /// <summary>Called for the handshake answer, with its error (null when the server accepted the protocol).</summary>
    public Action<string?>? OnHandshake { get; init; }

    /// <summary>Called once per pushed frame with the deliveries it carried (one, or a batch).</summary>
    public Action<List<Delivery>>? OnDeliveries { get; init; }

    /// <summary>Called for each completion: invocation id and error (null when it succeeded).</summary>
    public Action<string, string?>? OnCompletion { get; init; }

    /// <summary>Called when the server closes the connection with a close frame, with its error if any.</summary>
    public Action<string?>? OnClose { get; init; }

    /// <summary>Where the next received bytes go: at least <paramref name="sizeHint"/> bytes.</summary>
    public Memory<byte> GetMemory(int sizeHint = 4096)
    {
        if (_buffer.Length - _filled < sizeHint)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _filled + sizeHint));
        }

        return _buffer.AsMemory(_filled);
    }

    /// <summary>Takes <paramref name="count"/> bytes written to <see cref="GetMemory"/> and handles every complete frame.</summary>
    public void Advance(int count)
    {
        _filled += count;
        var start = 0;
        int end;
        while ((end = Array.IndexOf(_buffer, RecordSeparator, Math.Max(start, _scanned), _filled - Math.Max(start, _scanned))) >= 0)
        {
            Handle(_buffer.AsSpan(start, end - start));
            start = end + 1;
        }

        if (start > 0)
        {
            Buffer.BlockCopy(_buffer, start, _buffer, 0, _filled - start);
            _filled -= start;
        }

        _scanned = _filled;
    }

    private void Handle(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("A hub frame is a JSON object: " + Encoding.UTF8.GetString(frame));
        }

        int type = 0;
        string? invocationId = null, error = null;
        var target = Target.Other;
        List<Delivery>? deliveries = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("invocationId"u8))
            {
                reader.Read();
                invocationId = reader.GetString();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.ValueTextEquals("message"u8) ? Target.Message : reader.ValueTextEquals("messages"u8) ? Target.Messages : Target.Other;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.GetString();
            }
            else if (reader.ValueTextEquals("arguments"u8) && target != Target.Other)
            {
                // The server writes the target before the arguments.
                deliveries = ReadArguments(ref reader, target);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        switch (type)
        {
            case 0:
                OnHandshake?.Invoke(error);
                break;
            case 1 when deliveries is not null:
                OnDeliveries?.Invoke(deliveries);
                break;
            case 3 when invocationId is not null:
                OnCompletion?.Invoke(invocationId, error);
                break;
            case 7:
                OnClose?.Invoke(error);
                break;
        }
    }

    private static List<Delivery> ReadArguments(ref Utf8JsonReader reader, Target target)
    {
        var deliveries = new List<Delivery>(target == Target.Message ? 1 : 8);
        Expect(ref reader, JsonTokenType.StartArray);
        if (target == Target.Messages)
        {
            Expect(ref reader, JsonTokenType.StartArray);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            deliveries.Add(Converter.Read(ref reader, typeof(Delivery), Options));
            if (target == Target.Message)
            {
                break;
            }
        }

        // Whatever is left of the arguments array (nothing, for the calls Chapp and the bare hub make).
        while (reader.TokenType != JsonTokenType.EndArray || reader.CurrentDepth > 1)
        {
            reader.Read();
        }

        return deliveries;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (!reader.Read() || reader.TokenType != token)
        {
            throw new InvalidDataException($"Expected {token} in a message call's arguments, found {reader.TokenType}.");
        }
    }

    private enum Target
    {
        Other,
        Message,
        Messages,
    }
}
