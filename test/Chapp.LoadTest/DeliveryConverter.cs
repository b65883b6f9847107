using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chapp.LoadTest;

/// <summary>Reads a ChatMessage's <c>seq</c> and <c>text</c> into a <see cref="Delivery"/>, skipping everything else.</summary>
public sealed class DeliveryConverter : JsonConverter<Delivery>
{
    /// <inheritdoc />
    public override Delivery Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A chat message is a JSON object.");
        }

        var delivery = new Delivery();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException("Expected a property name.");
            }

            if (reader.ValueTextEquals("seq"u8) || reader.ValueTextEquals("Seq"u8))
            {
                reader.Read();
                delivery.Seq = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("text"u8) || reader.ValueTextEquals("Text"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    bool parsed;
                    int run, sender, index;
                    long scheduled;
                    if (!reader.HasValueSequence && !reader.ValueIsEscaped)
                    {
                        parsed = LoadMessageText.TryParse(reader.ValueSpan, out run, out sender, out index, out scheduled);
                    }
                    else
                    {
                        var text = reader.GetString() ?? string.Empty;
                        parsed = LoadMessageText.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out run, out sender, out index, out scheduled);
                    }

                    if (parsed)
                    {
                        delivery.IsLoad = true;
                        delivery.Run = run;
                        delivery.Sender = sender;
                        delivery.Index = index;
                        delivery.ScheduledTimestamp = scheduled;
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return delivery;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Delivery value, JsonSerializerOptions options) =>
        throw new NotSupportedException("The load test only reads chat messages.");
}
