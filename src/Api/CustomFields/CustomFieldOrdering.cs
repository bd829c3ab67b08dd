using System.Linq.Expressions;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.CustomFields;

/// <summary><c>orderByCustomField: {key: "umsatz", direction: DESC}</c> on <c>contacts</c>.</summary>
public sealed class CustomFieldOrderInputType : InputObjectGraphType
{
    public CustomFieldOrderInputType()
    {
        Name = "CustomFieldOrderInput";
        Description = "Orders contacts by one custom field's value (pick lists by the option order); contacts without a value come last in both directions.";
        Field<NonNullGraphType<StringGraphType>>("key");
        Field<SortEnumGraphType>("direction").DefaultValue(SortEnumType.Asc);
    }
}

/// <summary>
/// Sort keys over a contact's value of one field: a correlated subquery per key, so the generic paging and the
/// <c>order</c> keys that follow work unchanged. Contacts with a value come first in both directions (NULLs sort
/// differently in SQLite and PostgreSQL, so the presence is its own key).
/// </summary>
public static class CustomFieldOrdering
{
    public const string Argument = "orderByCustomField";

    public static async Task<IReadOnlyList<SortKey>> LeadingKeysAsync(IResolveFieldContext context)
    {
        if (context.GetArgument<Dictionary<string, object?>?>(Argument) is not { } input)
        {
            return [];
        }

        var key = (string)input["key"]!;
        var descending = input.TryGetValue("direction", out var direction) && direction is SortEnumType.Desc;
        var field = await context.Db().CustomFields.AsNoTracking().FirstOrDefaultAsync(f => f.Key == key, context.CancellationToken)
            ?? throw new SortException($"{Argument}.key", $"No custom field '{key}' exists.");
        var id = field.Id;
        Expression<Func<Contact, bool>> hasValue = c => c.CustomFieldValues.Any(v => v.FieldId == id);
        LambdaExpression value = field.Type switch
        {
            CustomFieldType.Text => (Expression<Func<Contact, string?>>)(c => c.CustomFieldValues.Where(v => v.FieldId == id).Select(v => v.Text).FirstOrDefault()),
            CustomFieldType.Number => (Expression<Func<Contact, double?>>)(c => c.CustomFieldValues.Where(v => v.FieldId == id).Select(v => v.Number).FirstOrDefault()),
            CustomFieldType.Date => (Expression<Func<Contact, DateOnly?>>)(c => c.CustomFieldValues.Where(v => v.FieldId == id).Select(v => v.Date).FirstOrDefault()),
            CustomFieldType.Boolean => (Expression<Func<Contact, bool?>>)(c => c.CustomFieldValues.Where(v => v.FieldId == id).Select(v => v.Boolean).FirstOrDefault()),
            _ => (Expression<Func<Contact, int?>>)(c => c.CustomFieldValues.Where(v => v.FieldId == id).SelectMany(v => v.Options).Min(o => (int?)o.Option.Position)),
        };
        return [new SortKey(hasValue, Descending: true), new SortKey(value, descending)];
    }
}
