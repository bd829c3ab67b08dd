using System.Collections;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Common;

namespace ContactBox.Api.GraphQL.Mutations;

/// <summary>
/// Reads a mutation's <c>input</c> object. Knows the difference between a field left out (keep the value)
/// and a field set to null (clear it), and names fields by their path in errors.
/// </summary>
public sealed class InputReader(IDictionary<string, object?> values, string path = "")
{
    /// <summary>Where this object sits in the input, e.g. <c>emails[1]</c>.</summary>
    public string Location => path;

    public bool Has(string name) => values.ContainsKey(name);

    public T? Get<T>(string name) => values.TryGetValue(name, out var value) && value is not null ? (T)value : default;

    public string? String(string name) => Get<string>(name);

    public T? GetStruct<T>(string name)
        where T : struct =>
        values.TryGetValue(name, out var value) && value is not null ? (T)value : null;

    /// <summary>The value when given, else <paramref name="current"/>: how updates keep what the client left out.</summary>
    public T Or<T>(string name, T current) => Has(name) ? (T)values[name]! : current;

    public string Path(string name) => path.Length == 0 ? name : $"{path}.{name}";

    public Guid Id(string name, string typeName) =>
        OptionalId(name, typeName) ?? throw new DomainValidationException(Path(name), $"{Path(name)} is required.");

    public Guid? OptionalId(string name, string typeName)
    {
        var value = String(name);
        if (value is null)
        {
            return null;
        }

        try
        {
            return GlobalId.Parse(value, typeName, Path(name));
        }
        catch (InvalidIdException e)
        {
            throw new DomainValidationException(e.Field, e.Message);
        }
    }

    public IReadOnlyList<Guid> Ids(string name, string typeName) =>
        Items(name).Select((item, i) =>
        {
            try
            {
                return GlobalId.Parse(item?.ToString(), typeName, $"{Path(name)}[{i}]");
            }
            catch (InvalidIdException e)
            {
                throw new DomainValidationException(e.Field, e.Message);
            }
        }).ToList();

    public IReadOnlyList<InputReader> Objects(string name) =>
        Items(name).Select((item, i) => new InputReader((IDictionary<string, object?>)item!, $"{Path(name)}[{i}]")).ToList();

    public IReadOnlyList<T> List<T>(string name) => Items(name).Cast<T>().ToList();

    private IEnumerable<object?> Items(string name) =>
        values.TryGetValue(name, out var value) && value is IEnumerable items ? items.Cast<object?>() : [];
}
