using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.CustomFields;
using ContactBox.Domain.Members;
using ContactBox.Domain.Privacy;
using ContactBox.Api.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.CustomFields;

/// <summary>
/// The catalog of custom fields and their options: scope admin and, for a member, the role ADMIN. A field decides what
/// personal data the workspace keeps, so every change but a reordering is written to the audit log with it (the key,
/// type and required flag of a field, the key of an option; labels are not personal data but stay out, as free text).
/// </summary>
public static class CustomFieldMutations
{
    private static readonly Type[] Errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        mutation.Mutation(kit, "createCustomField", new CreateCustomFieldInputType(), "field", typeof(CustomFieldGraphType), Errors, (context, input) => context.Audited(async db =>
        {
            var fields = await db.CustomFields.ToListAsync(context.CancellationToken);
            var key = CustomFieldKeys.Check(input.String("key"), "key");
            if (fields.Exists(f => f.Key == key))
            {
                throw new DomainValidationException("key", $"The workspace already has a custom field '{key}'.");
            }

            if (fields.Count >= CustomFieldLimits.MaxFields)
            {
                throw new DomainValidationException("key", $"A workspace can have at most {CustomFieldLimits.MaxFields} custom fields.");
            }

            var field = new CustomField(key, input.String("label")!, input.String("description"), input.Get<CustomFieldType>("type"), input.Get<bool>("required"),
                fields.Count == 0 ? 0 : fields.Max(f => f.Position) + 1);
            foreach (var option in input.Objects("options"))
            {
                field.AddOption(option.String("key"), option.String("label"), option.Location);
            }

            db.CustomFields.Add(field);
            await db.SaveChangesAsync(context.CancellationToken);
            return (field, FieldEntry(AuditAction.CustomFieldCreated, field));
        })).Description("Adds a custom field to the workspace's contacts, at the end of the order.").RequireAdmin();

        mutation.Mutation(kit, "updateCustomField", new UpdateCustomFieldInputType(), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            Change(context, input.Id("id", "CustomField"), AuditAction.CustomFieldChanged, field => field.Change(input.Or("label", field.Label), input.Or("description", field.Description), input.GetStruct<bool>("required") ?? field.IsRequired)))
            .Description("Changes a field's label, description or whether it is required; its key and type never change.").RequireAdmin();

        mutation.Mutation(kit, "archiveCustomField", new IdInputType("ArchiveCustomFieldInput"), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            Change(context, input.Id("id", "CustomField"), AuditAction.CustomFieldArchived, field => field.Archive(context.Now())))
            .Description("Archives a field: contacts keep their values, no new values are accepted.").RequireAdmin();

        mutation.Mutation(kit, "restoreCustomField", new IdInputType("RestoreCustomFieldInput"), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            Change(context, input.Id("id", "CustomField"), AuditAction.CustomFieldRestored, field => field.Restore()))
            .Description("Takes a field out of the archive.").RequireAdmin();

        mutation.Mutation(kit, "reorderCustomFields", new ReorderInputType("ReorderCustomFieldsInput", null), "fields",
            typeof(NonNullGraphType<ListGraphType<NonNullGraphType<CustomFieldGraphType>>>), Errors, async (context, input) =>
            {
                var db = context.Db();
                var fields = await db.CustomFields.ToListAsync(context.CancellationToken);
                CustomField.ReorderFields(fields, input.Ids("ids", "CustomField"), "ids");
                await db.SaveChangesAsync(context.CancellationToken);
                return fields.OrderBy(f => f.Position).ToList();
            }).Description("Puts all custom fields (archived ones too) in the given order.").RequireAdmin();

        mutation.Mutation(kit, "addCustomFieldOption", new AddCustomFieldOptionInputType(), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            AddOption(context, input.Id("fieldId", "CustomField"), input.String("key"), input.String("label")))
            .Description("Adds an option at the end of a pick list.").RequireAdmin();

        mutation.Mutation(kit, "updateCustomFieldOption", new UpdateCustomFieldOptionInputType(), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            ChangeOption(context, input, AuditAction.CustomFieldOptionChanged, option => option.Rename(input.String("label"))))
            .Description("Changes an option's label; its key never changes.").RequireAdmin();

        mutation.Mutation(kit, "archiveCustomFieldOption", new IdInputType("ArchiveCustomFieldOptionInput"), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            ChangeOption(context, input, AuditAction.CustomFieldOptionArchived, option => option.Archive(context.Now())))
            .Description("Archives an option: contacts that have it keep it; it cannot be newly chosen.").RequireAdmin();

        mutation.Mutation(kit, "restoreCustomFieldOption", new IdInputType("RestoreCustomFieldOptionInput"), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            ChangeOption(context, input, AuditAction.CustomFieldOptionRestored, option => option.Restore()))
            .Description("Takes an option out of the archive.").RequireAdmin();

        mutation.Mutation(kit, "reorderCustomFieldOptions", new ReorderInputType("ReorderCustomFieldOptionsInput", "fieldId"), "field", typeof(CustomFieldGraphType), Errors, (context, input) =>
            Reorder(context, input.Id("fieldId", "CustomField"), field => field.ReorderOptions(input.Ids("ids", "CustomFieldOption"), "ids")))
            .Description("Puts all options of a pick list (archived ones too) in the given order.").RequireAdmin();
    }

    private static Task<object?> Change(IResolveFieldContext context, Guid id, AuditAction action, Action<CustomField> change) => context.Audited(async db =>
    {
        var field = await db.CustomFields.Include(f => f.Options).RequireAsync(id, "id", context.CancellationToken);
        change(field);
        await db.SaveChangesAsync(context.CancellationToken);
        return (field, FieldEntry(action, field));
    });

    private static Task<object?> AddOption(IResolveFieldContext context, Guid fieldId, string? key, string? label) => context.Audited(async db =>
    {
        var field = await db.CustomFields.Include(f => f.Options).RequireAsync(fieldId, "fieldId", context.CancellationToken);
        var option = field.AddOption(key, label);
        await db.SaveChangesAsync(context.CancellationToken);
        return (field, OptionEntry(AuditAction.CustomFieldOptionAdded, field, option));
    });

    private static async Task<object?> Reorder(IResolveFieldContext context, Guid fieldId, Action<CustomField> reorder)
    {
        var db = context.Db();
        var field = await db.CustomFields.Include(f => f.Options).RequireAsync(fieldId, "fieldId", context.CancellationToken);
        reorder(field);
        await db.SaveChangesAsync(context.CancellationToken);
        return field;
    }

    private static Task<object?> ChangeOption(IResolveFieldContext context, InputReader input, AuditAction action, Action<CustomFieldOption> change) => context.Audited(async db =>
    {
        var option = await db.RequireAsync<CustomFieldOption>(input.Id("id", "CustomFieldOption"), "id", context.CancellationToken);
        change(option);
        await db.SaveChangesAsync(context.CancellationToken);
        var field = await db.CustomFields.Include(f => f.Options).FirstAsync(f => f.Id == option.FieldId, context.CancellationToken);
        return (field, OptionEntry(action, field, option));
    });

    private static AuditEntry FieldEntry(AuditAction action, CustomField field) => new(action, nameof(CustomField), field.Id, new Dictionary<string, object?>
    {
        ["key"] = field.Key,
        ["type"] = field.Type,
        ["required"] = field.IsRequired,
        ["archived"] = field.ArchivedAt is not null,
    });

    private static AuditEntry OptionEntry(AuditAction action, CustomField field, CustomFieldOption option) => new(action, nameof(CustomField), field.Id, new Dictionary<string, object?>
    {
        ["key"] = field.Key,
        ["optionId"] = option.Id,
        ["option"] = option.Key,
        ["archived"] = option.ArchivedAt is not null,
    });

}
