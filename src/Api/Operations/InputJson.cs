using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL.Types;

namespace ContactBox.Api.Operations;

/// <summary>
/// A coerced GraphQL input value (e.g. a <c>where</c> filter) as JSON and back, through the input type's own scalars
/// (<c>Serialize</c> on the way out, <c>ParseValue</c> on the way in), so a job reads exactly what the request meant.
/// </summary>
public static class InputJson
{
    public static JsonNode? ToJson(IGraphType type, object? value) => value switch
    {
        null => null,
        _ => type switch
        {
            NonNullGraphType nonNull => ToJson(nonNull.ResolvedType!, value),
            ListGraphType list => new JsonArray([.. ((IEnumerable)value).Cast<object?>().Select(item => ToJson(list.ResolvedType!, item))]),
            IInputObjectGraphType input => ToObject(input, (IDictionary<string, object?>)value),
            ScalarGraphType scalar => JsonSerializer.SerializeToNode(scalar.Serialize(value)),
            _ => throw new InvalidOperationException($"{type.Name} is not an input type."),
        },
    };

    public static object? FromJson(IGraphType type, JsonNode? node) => node switch
    {
        null => null,
        _ => type switch
        {
            NonNullGraphType nonNull => FromJson(nonNull.ResolvedType!, node),
            ListGraphType list => node.AsArray().Select(item => FromJson(list.ResolvedType!, item)).ToList(),
            IInputObjectGraphType input => input.ParseDictionary(node.AsObject().ToDictionary(p => p.Key, p => FromJson(input.GetField(p.Key)!.ResolvedType!, p.Value))),
            ScalarGraphType scalar => scalar.ParseValue(Primitive(node.AsValue())),
            _ => throw new InvalidOperationException($"{type.Name} is not an input type."),
        },
    };

    private static JsonObject ToObject(IInputObjectGraphType type, IDictionary<string, object?> values)
    {
        var json = new JsonObject();
        foreach (var (name, value) in values)
        {
            json[name] = ToJson(type.GetField(name)!.ResolvedType!, value);
        }

        return json;
    }

    private static object? Primitive(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.TryGetValue<long>(out var whole) ? whole : value.GetValue<decimal>(),
        _ => null,
    };
}
