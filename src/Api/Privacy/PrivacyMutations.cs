using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Privacy;

/// <summary>
/// The DPO's catalog (scope privacy.admin, role DPO or ADMIN) and the per-contact privacy data (scope
/// contacts.write, every member). Each mutation writes its audit record in its own transaction.
/// </summary>
public static class PrivacyMutations
{
    private static readonly Type[] Errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        AddCatalog(mutation, kit);
        AddPerContact(mutation, kit);

        mutation.Mutation(kit, "eraseContact", new EraseContactInputType(), "receipt", typeof(ErasureReceiptType), Errors, async (context, input) =>
        {
            var id = input.Id("id", "Contact");
            return await context.RequestServices!.GetRequiredService<ContactErasure>()
                .EraseAsync(context.Db(), id, input.String("reason")!, PrivacyAccess.Actor(context.User), context.CancellationToken)
                ?? throw new NotFoundException("id", input.String("id")!, nameof(Contact));
        }).Description("Erases a contact's personal data everywhere (Art. 17) and leaves a receipt in the audit log without personal data.")
            .Officer();
    }

    private static void AddCatalog(ObjectGraphType mutation, SchemaKit kit)
    {
        mutation.Mutation(kit, "createProcessingPurpose", new ProcessingPurposeInputType("CreateProcessingPurposeInput", update: false), "purpose", typeof(ProcessingPurposeType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var purpose = new ProcessingPurpose(input.String("name")!, input.String("description"), input.Get<LegalBasis>("legalBasis"),
                    input.List<string>("dataCategories"), input.GetStruct<int>("retentionDays"));
                db.ProcessingPurposes.Add(purpose);
                await db.SaveChangesAsync(context.CancellationToken);
                return (purpose, Entry(AuditAction.PurposeCreated, purpose, ("legalBasis", purpose.LegalBasis), ("retentionDays", purpose.RetentionDays)));
            })).Description("Adds a processing purpose to the catalog.").Officer();

        mutation.Mutation(kit, "updateProcessingPurpose", new ProcessingPurposeInputType("UpdateProcessingPurposeInput", update: true), "purpose", typeof(ProcessingPurposeType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var purpose = await db.RequireAsync<ProcessingPurpose>(input.Id("id", "ProcessingPurpose"), "id", context.CancellationToken);
                purpose.Change(input.Or("name", purpose.Name), input.Or("description", purpose.Description),
                    input.GetStruct<LegalBasis>("legalBasis") ?? purpose.LegalBasis,
                    input.Has("dataCategories") ? input.List<string>("dataCategories") : purpose.DataCategories,
                    input.Has("retentionDays") ? input.GetStruct<int>("retentionDays") : purpose.RetentionDays);
                await db.SaveChangesAsync(context.CancellationToken);
                return (purpose, Entry(AuditAction.PurposeChanged, purpose, ("legalBasis", purpose.LegalBasis), ("retentionDays", purpose.RetentionDays)));
            })).Description("Changes a purpose. Fields left out keep their value.").Officer();

        mutation.Mutation(kit, "archiveProcessingPurpose", new IdInputType("ArchiveProcessingPurposeInput"), "purpose", typeof(ProcessingPurposeType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var purpose = await db.RequireAsync<ProcessingPurpose>(input.Id("id", "ProcessingPurpose"), "id", context.CancellationToken);
                purpose.Archive(context.Now());
                await db.SaveChangesAsync(context.CancellationToken);
                return (purpose, Entry(AuditAction.PurposeArchived, purpose));
            })).Description("Archives a purpose: no new assignments; existing ones end and their retention period starts.").Officer();

        mutation.Mutation(kit, "restoreProcessingPurpose", new IdInputType("RestoreProcessingPurposeInput"), "purpose", typeof(ProcessingPurposeType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var purpose = await db.RequireAsync<ProcessingPurpose>(input.Id("id", "ProcessingPurpose"), "id", context.CancellationToken);
                purpose.Restore();
                await db.SaveChangesAsync(context.CancellationToken);
                return (purpose, Entry(AuditAction.PurposeRestored, purpose));
            })).Description("Takes a purpose out of the archive.").Officer();

        mutation.Mutation(kit, "deleteProcessingPurpose", new IdInputType("DeleteProcessingPurposeInput"), "purpose", typeof(ProcessingPurposeType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var purpose = await db.RequireAsync<ProcessingPurpose>(input.Id("id", "ProcessingPurpose"), "id", context.CancellationToken);
                if (await db.PurposeAssignments.AnyAsync(a => a.PurposeId == purpose.Id, context.CancellationToken))
                {
                    throw new DomainValidationException("id", "The purpose is in use: archive it instead; purposes in use are never deleted.");
                }

                db.ProcessingPurposes.Remove(purpose);
                await db.SaveChangesAsync(context.CancellationToken);
                return (purpose, Entry(AuditAction.PurposeDeleted, purpose));
            })).Description("Deletes a purpose that no contact was ever assigned to. Returns the deleted purpose.").Officer();

        mutation.Mutation(kit, "createProtectionMeasure", new ProtectionMeasureInputType("CreateProtectionMeasureInput", update: false), "measure", typeof(ProtectionMeasureType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var purposeIds = await PurposeIdsAsync(db, input, context.CancellationToken);
                var measure = new ProtectionMeasure(input.Get<ProtectionMeasureCategory>("category"), input.String("title")!, input.String("description"), purposeIds);
                db.ProtectionMeasures.Add(measure);
                await db.SaveChangesAsync(context.CancellationToken);
                return (measure, Entry(AuditAction.MeasureCreated, measure, ("category", measure.Category)));
            })).Description("Adds a technical or organisational measure (TOM).").Officer();

        mutation.Mutation(kit, "updateProtectionMeasure", new ProtectionMeasureInputType("UpdateProtectionMeasureInput", update: true), "measure", typeof(ProtectionMeasureType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var measure = await db.RequireAsync<ProtectionMeasure>(input.Id("id", "ProtectionMeasure"), "id", context.CancellationToken);
                var purposeIds = input.Has("purposeIds") ? await PurposeIdsAsync(db, input, context.CancellationToken) : measure.PurposeIds;
                measure.Change(input.GetStruct<ProtectionMeasureCategory>("category") ?? measure.Category, input.Or("title", measure.Title), input.Or("description", measure.Description), purposeIds);
                await db.SaveChangesAsync(context.CancellationToken);
                return (measure, Entry(AuditAction.MeasureChanged, measure, ("category", measure.Category)));
            })).Description("Changes a measure. Fields left out keep their value.").Officer();

        mutation.Mutation(kit, "deleteProtectionMeasure", new IdInputType("DeleteProtectionMeasureInput"), "measure", typeof(ProtectionMeasureType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var measure = await db.RequireAsync<ProtectionMeasure>(input.Id("id", "ProtectionMeasure"), "id", context.CancellationToken);
                db.ProtectionMeasures.Remove(measure);
                await db.SaveChangesAsync(context.CancellationToken);
                return (measure, Entry(AuditAction.MeasureDeleted, measure));
            })).Description("Deletes a measure. Returns the deleted measure.").Officer();

        mutation.Mutation(kit, "createContactSourceType", new ContactSourceTypeInputType("CreateContactSourceTypeInput", update: false), "sourceType", typeof(ContactSourceTypeGraphType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var type = new ContactSourceType(input.String("name")!);
                db.ContactSourceTypes.Add(type);
                await db.SaveChangesAsync(context.CancellationToken);
                return (type, Entry(AuditAction.SourceTypeCreated, type));
            })).Description("Adds a kind of contact source, e.g. trade fair.").Officer();

        mutation.Mutation(kit, "renameContactSourceType", new ContactSourceTypeInputType("RenameContactSourceTypeInput", update: true), "sourceType", typeof(ContactSourceTypeGraphType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var type = await db.RequireAsync<ContactSourceType>(input.Id("id", "ContactSourceType"), "id", context.CancellationToken);
                type.Rename(input.String("name")!);
                await db.SaveChangesAsync(context.CancellationToken);
                return (type, Entry(AuditAction.SourceTypeChanged, type));
            })).Description("Renames a kind of contact source.").Officer();

        mutation.Mutation(kit, "archiveContactSourceType", new IdInputType("ArchiveContactSourceTypeInput"), "sourceType", typeof(ContactSourceTypeGraphType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var type = await db.RequireAsync<ContactSourceType>(input.Id("id", "ContactSourceType"), "id", context.CancellationToken);
                type.Archive(context.Now());
                await db.SaveChangesAsync(context.CancellationToken);
                return (type, Entry(AuditAction.SourceTypeArchived, type));
            })).Description("Archives a kind of contact source: contacts keep it, new ones cannot pick it.").Officer();

        mutation.Mutation(kit, "updatePrivacySettings", new UpdatePrivacySettingsInputType(), "settings", typeof(PrivacySettingsType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var settings = await db.PrivacySettings.FirstOrDefaultAsync(context.CancellationToken);
                if (settings is null)
                {
                    settings = new PrivacySettings();
                    db.PrivacySettings.Add(settings);
                }

                settings.Change(input.Get<RetentionAction>("retentionAction"));
                await db.SaveChangesAsync(context.CancellationToken);
                return (settings, new AuditEntry(AuditAction.SettingsChanged, nameof(PrivacySettings), settings.Id,
                    new Dictionary<string, object?> { ["retentionAction"] = settings.RetentionAction }));
            })).Description("Changes the workspace's privacy settings (what the retention sweep does).").Officer();
    }

    private static void AddPerContact(ObjectGraphType mutation, SchemaKit kit)
    {
        mutation.Mutation(kit, "setContactSource", new SetContactSourceInputType(), "contact", typeof(ContactType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var (contact, privacy) = await PrivacyOfAsync(db, input, context.CancellationToken);
                var typeId = input.OptionalId("typeId", "ContactSourceType");
                if (typeId is { } id)
                {
                    var type = await db.RequireAsync<ContactSourceType>(id, "typeId", context.CancellationToken);
                    if (type.IsArchived && privacy.SourceTypeId != id)
                    {
                        throw new DomainValidationException("typeId", "This kind of source is archived and can no longer be chosen.");
                    }
                }

                privacy.SetSource(typeId, input.String("detail"), input.GetStruct<DateOnly>("date"));
                await db.SaveChangesAsync(context.CancellationToken);
                return (contact, new AuditEntry(AuditAction.ContactSourceSet, nameof(Contact), contact.Id,
                    new Dictionary<string, object?> { ["sourceTypeId"] = typeId, ["date"] = privacy.SourceDate?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) }));
            })).Description("Records where a contact came from. Fields left out are cleared.").RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "assignPurpose", new AssignPurposeInputType(), "purposeAssignment", typeof(PurposeAssignmentType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var contact = await db.RequireAsync<Contact>(input.Id("contactId", "Contact"), "contactId", context.CancellationToken);
                var purpose = await db.RequireAsync<ProcessingPurpose>(input.Id("purposeId", "ProcessingPurpose"), "purposeId", context.CancellationToken);
                var consent = input.Has("consent") && input.Get<IDictionary<string, object?>>("consent") is { } values ? new InputReader(values, "consent") : null;
                var assignment = new PurposeAssignment(contact.Id, purpose, input.GetStruct<LegalBasis>("legalBasis"),
                    consent?.GetStruct<DateTimeOffset>("givenAt"), consent?.String("evidence"), consent?.GetStruct<DateTimeOffset>("validUntil"));
                db.PurposeAssignments.Add(assignment);
                await db.SaveChangesAsync(context.CancellationToken);
                return (assignment, new AuditEntry(AuditAction.PurposeAssigned, nameof(Contact), contact.Id, new Dictionary<string, object?>
                {
                    ["assignmentId"] = assignment.Id,
                    ["purposeId"] = purpose.Id,
                    ["legalBasis"] = assignment.LegalBasis,
                    ["consentGivenAt"] = assignment.ConsentGivenAt,
                    ["validUntil"] = assignment.ValidUntil,
                }));
            })).Description("Records that a contact is processed for a purpose; for consent, when and how it was given.").RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "withdrawConsent", new WithdrawConsentInputType(), "purposeAssignment", typeof(PurposeAssignmentType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var assignment = await db.RequireAsync<PurposeAssignment>(input.Id("id", "PurposeAssignment"), "id", context.CancellationToken);
                assignment.Withdraw(input.GetStruct<DateTimeOffset>("withdrawnAt") ?? context.Now(), input.String("evidence"));
                await db.SaveChangesAsync(context.CancellationToken);
                return (assignment, new AuditEntry(AuditAction.ConsentWithdrawn, nameof(Contact), assignment.ContactId, new Dictionary<string, object?>
                {
                    ["assignmentId"] = assignment.Id,
                    ["purposeId"] = assignment.PurposeId,
                    ["withdrawnAt"] = assignment.WithdrawnAt,
                }));
            })).Description("Records the withdrawal of a consent (or the end of any purpose assignment). The assignment is kept.").RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "setProcessingRestriction", new SetProcessingRestrictionInputType(), "contact", typeof(ContactType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var (contact, privacy) = await PrivacyOfAsync(db, input, context.CancellationToken);
                var restricted = input.Get<bool>("restricted");
                privacy.SetRestriction(restricted ? input.GetStruct<DateTimeOffset>("since") ?? context.Now() : null, input.String("reason"));
                await db.SaveChangesAsync(context.CancellationToken);
                return (contact, new AuditEntry(restricted ? AuditAction.ProcessingRestricted : AuditAction.RestrictionLifted, nameof(Contact), contact.Id,
                    new Dictionary<string, object?> { ["since"] = privacy.RestrictedSince }));
            })).Description("Restricts processing of a contact's data (Art. 18), or lifts the restriction.").RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "setMarketingObjection", new SetMarketingObjectionInputType(), "contact", typeof(ContactType), Errors,
            (context, input) => context.Audited(async db =>
            {
                var (contact, privacy) = await PrivacyOfAsync(db, input, context.CancellationToken);
                var objected = input.Get<bool>("objected");
                privacy.SetObjection(objected ? input.GetStruct<DateTimeOffset>("since") ?? context.Now() : null);
                await db.SaveChangesAsync(context.CancellationToken);
                return (contact, new AuditEntry(objected ? AuditAction.ObjectionRecorded : AuditAction.ObjectionWithdrawn, nameof(Contact), contact.Id,
                    new Dictionary<string, object?> { ["since"] = privacy.ObjectedSince }));
            })).Description("Records a contact's objection to direct marketing (Art. 21), or its withdrawal.").RequireScopes(AuthScopes.ContactsWrite);
    }

    private static AuditEntry Entry(AuditAction action, Entity subject, params (string Key, object? Value)[] details) =>
        new(action, subject.GetType().Name, subject.Id, details.ToDictionary(d => d.Key, d => d.Value));

    private static async Task<(Contact Contact, ContactPrivacy Privacy)> PrivacyOfAsync(ContactBoxDbContext db, InputReader input, CancellationToken cancellationToken)
    {
        var contact = await db.RequireAsync<Contact>(input.Id("contactId", "Contact"), "contactId", cancellationToken);
        var privacy = await db.ContactPrivacy.FirstOrDefaultAsync(p => p.ContactId == contact.Id, cancellationToken);
        if (privacy is null)
        {
            // The contact's first privacy data. Another member may be writing theirs at the same instant: the unique
            // index on the contact decides, inside a savepoint, and the loser carries on with the winner's row.
            var transaction = db.Database.CurrentTransaction!;
            await transaction.CreateSavepointAsync("contact_privacy", cancellationToken);
            privacy = new ContactPrivacy(contact.Id);
            db.ContactPrivacy.Add(privacy);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackToSavepointAsync("contact_privacy", cancellationToken);
                db.Entry(privacy).State = EntityState.Detached;
                privacy = await db.ContactPrivacy.SingleAsync(p => p.ContactId == contact.Id, cancellationToken);
            }
        }

        return (contact, privacy);
    }

    private static async Task<IReadOnlyList<Guid>> PurposeIdsAsync(ContactBoxDbContext db, InputReader input, CancellationToken cancellationToken)
    {
        var ids = input.Ids("purposeIds", "ProcessingPurpose");
        await db.RequireAllAsync<ProcessingPurpose>(ids, "purposeIds", cancellationToken);
        return ids;
    }
}
