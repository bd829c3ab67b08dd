using System.Security.Claims;
using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Filtering;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.Operations;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Operations;
using ContactBox.Infrastructure.Persistence;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Export;

public static class ExportMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(PurposeRequiredErrorType), typeof(PurposeNotAllowedErrorType)];
        mutation.Mutation(kit, "exportContacts", new ExportContactsInputType(kit), "result", typeof(ExportContactsResultType), errors, async (context, input) =>
        {
            var db = context.Db();
            var cancellationToken = context.CancellationToken;
            if (!input.Has("contactIds") && !input.Has("where"))
            {
                throw new DomainValidationException("contactIds", "Select the contacts to export: contactIds, where, or both.");
            }

            List<Guid>? ids = null;
            if (input.Has("contactIds"))
            {
                ids = input.Ids("contactIds", "Contact").Distinct().ToList();
                var found = await db.Contacts.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
                if (ids.Except(found).FirstOrDefault() is var missing && missing != Guid.Empty)
                {
                    throw new NotFoundException("contactIds", GraphQL.Relay.GlobalId.Format("Contact", missing), "Contact");
                }
            }

            var where = input.Get<IDictionary<string, object?>>("where");
            var job = new ExportJobInput(
                ids,
                where is null ? null : InputJson.ToJson(kit.FilterType<Contact>(), where),
                input.String("purposeId") is null ? null : input.Id("purposeId", "ProcessingPurpose"),
                input.String("note"),
                input.GetStruct<ExportPreset>("preset") ?? ExportPreset.GenericCsv,
                input.List<ExportField>("fields"),
                input.GetStruct<bool>("directMarketing") ?? false,
                ClientIdOf(context.User),
                input.List<string>("customFields"));
            // Unknown custom field keys are refused here, before anything is queued.
            var customFields = await CustomFields.CustomFieldLoaders.ByKeysAsync(db, job.CustomFields, "customFields", cancellationToken);
            var selection = Selection(db, kit, ids, where);

            // Large selections (or background: true) go to the job scheduler; the rest is written at once, as before.
            var inlineMax = context.RequestServices!.GetRequiredService<IOptions<OperationOptions>>().Value.ExportInlineMaxContacts;
            var count = input.GetStruct<bool>("background") == true ? (int?)null : await selection.Take(inlineMax + 1).CountAsync(cancellationToken);
            if (count is null || count > inlineMax)
            {
                // Refused now with its typed error, not later as a failed operation.
                await ContactExporter.CheckAsync(db, job.Request(selection, customFields), cancellationToken);
                var operation = BackgroundOperations.New(context, OperationKind.Export, job);
                operation.Expect(await selection.CountAsync(cancellationToken));
                return await BackgroundOperations.EnqueueAsync(context, operation);
            }

            return await context.RequestServices!.GetRequiredService<ContactExporter>()
                .ExportAsync(db, job.Request(selection, customFields), PrivacyAccess.Actor(context.User), null, cancellationToken);
        }, typeof(BackgroundOperationType)).Description("Exports the selected contacts' chosen fields as CSV for a stated purpose. Contacts the purpose does not cover are "
                       + "left out (counts per reason, and their IDs). Writes an export record and an audit entry; returns a short-lived download URL. "
                       + "More contacts than ContactBox:Operations:ExportInlineMaxContacts (or background: true) run as a background operation: "
                       + "the payload's operation then reports progress (exportProgress) and ends with the same result.")
            .RequireScopes(AuthScopes.Export);
        EmailBounceMutations.Add(mutation, kit);
        ClientExportPurposeMutations.Add(mutation, kit);
    }

    /// <summary>The OAuth client the token was issued to: the subject of a client-credentials token, the client_id of a member's.</summary>
    public static string? ClientIdOf(ClaimsPrincipal? user) =>
        user?.GetClaim(OpenIddictConstants.Claims.ClientId) ?? (user?.IsClient() == true ? user.GetClaim(OpenIddictConstants.Claims.Subject) : null);

    /// <summary>The contacts to export: those named, those matching where, or both (the intersection).</summary>
    public static IQueryable<Contact> Selection(ContactBoxDbContext db, SchemaKit kit, IReadOnlyList<Guid>? ids, IDictionary<string, object?>? where)
    {
        var selection = db.Contacts.AsQueryable();
        if (ids is not null)
        {
            selection = selection.Where(c => ids.Contains(c.Id));
        }

        // An empty where ({}) selects every contact: no filter, so the exporter sees the whole workspace as such.
        if (where is { Count: > 0 })
        {
            try
            {
                selection = selection.Where(FilterTranslator.Translate<Contact>(kit.Shape<Contact>(), where, "where"));
            }
            catch (FilterException e)
            {
                throw new DomainValidationException(e.Path, e.Message);
            }
        }

        return selection;
    }
}

public sealed class ExportContactsInputType : InputObjectGraphType
{
    public ExportContactsInputType(SchemaKit kit)
    {
        Name = "ExportContactsInput";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("contactIds").Description("The contacts to export; with where, those of them that match.");
        Field("where", kit.FilterType<Contact>()).Description("The contacts to export, in the shape of the contacts query's where.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnumerationGraphType<ExportField>>>>>("fields").Description("The columns, in this order.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("customFields").Description("Custom field keys exported after fields, headed by their labels; pick lists joined like tags.");
        Field<IdGraphType>("purposeId").Description("Required: a current processing purpose of the workspace (DSGVO: every export states its purpose).");
        Field<StringGraphType>("note").Description("Optional free text on why, kept on the export record.");
        Field<EnumerationGraphType<ExportPreset>>("preset").Description("The file's shape; GENERIC_CSV by default.");
        Field<BooleanGraphType>("directMarketing")
            .Description("The export is for direct marketing, so contacts who objected (Art. 21) are left out. Always so for MAILCHIMP and RAPIDMAIL.");
        Field<BooleanGraphType>("background")
            .Description("Run as a background operation whatever the number of contacts (more than ContactBox:Operations:ExportInlineMaxContacts always do).");
    }
}

public sealed class PurposeRequiredErrorType : ErrorGraphType<PurposeRequiredException>
{
    public PurposeRequiredErrorType()
        : base("PurposeRequiredError", "The export names no current purpose of the workspace (missing, unknown or archived); nothing was exported or written.") =>
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.Field);
}

public sealed class PurposeNotAllowedErrorType : ErrorGraphType<PurposeNotAllowedException>
{
    public PurposeNotAllowedErrorType()
        : base("PurposeNotAllowedError", "The calling OAuth client may not export for this purpose (see setClientExportPurposes); nothing was exported or written.") =>
        Field<NonNullGraphType<IdGraphType>>("purposeId").Resolve(c => GraphQL.Relay.GlobalId.Format("ProcessingPurpose", c.Source.PurposeId));
}
