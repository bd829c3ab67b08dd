using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Privacy;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Privacy;

/// <summary><c>Contact.privacy</c>: source, purposes, restriction and objection of one contact, loaded in batches per page of contacts.</summary>
public sealed class ContactPrivacyType : ObjectGraphType<Contact>
{
    public ContactPrivacyType()
    {
        Name = "ContactPrivacy";
        Description = "A contact's privacy data: where it came from, the purposes it is processed for, restriction (Art. 18) and objection (Art. 21).";
        Field<ContactSourceGraphType>("source")
            .Resolve(c => Record(c).Then(p => p is { SourceTypeId: not null } or { SourceDetail: not null } or { SourceDate: not null } ? p : null));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PurposeAssignmentType>>>>("purposes")
            .Description("Purpose assignments, oldest first; withdrawn ones stay.")
            .Resolve(c => c.Loaders().ChildrenOf<PurposeAssignment>("contactPurposes", a => a.ContactId).Load(c.Source.Id)
                .Then(list => list!.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToList()));
        Field<NonNullGraphType<BooleanGraphType>>("restricted").Description("Processing is restricted (Art. 18).")
            .Resolve(c => Record(c).Then(p => (object?)(p?.RestrictedSince is not null)));
        Field<ContactBox.Api.GraphQL.Scalars.DateTimeType>("restrictedSince").Resolve(c => Record(c).Then(p => (object?)p?.RestrictedSince));
        Field<StringGraphType>("restrictionReason").Resolve(c => Record(c).Then(p => (object?)p?.RestrictionReason));
        Field<NonNullGraphType<BooleanGraphType>>("objectsToDirectMarketing").Description("The contact objected to direct marketing (Art. 21).")
            .Resolve(c => Record(c).Then(p => (object?)(p?.ObjectedSince is not null)));
        Field<ContactBox.Api.GraphQL.Scalars.DateTimeType>("objectedSince").Resolve(c => Record(c).Then(p => (object?)p?.ObjectedSince));
        Field<ContactBox.Api.GraphQL.Scalars.DateTimeType>("retentionReviewSince")
            .Description("Set by the retention sweep when no purpose holds the contact any more.")
            .Resolve(c => Record(c).Then(p => (object?)p?.RetentionReviewSince));
    }

    private static global::GraphQL.DataLoader.IDataLoaderResult<ContactPrivacy?> Record(IResolveFieldContext<Contact> c) =>
        c.Loaders().ChildrenOf<ContactPrivacy>("contactPrivacy", p => p.ContactId).Load(c.Source.Id).Then(list => list!.Count > 0 ? list[0] : null);
}

/// <summary>Adds <c>privacy: ContactPrivacy!</c> to the Contact type.</summary>
public static class ContactPrivacyField
{
    public static void AddPrivacyField(this ContactType contact) =>
        contact.Field<NonNullGraphType<ContactPrivacyType>>("privacy").Resolve(c => c.Source);
}

public sealed class ContactSourceGraphType : ObjectGraphType<ContactPrivacy>
{
    public ContactSourceGraphType()
    {
        Name = "ContactSource";
        Description = "Where a contact came from.";
        this.Reference<ContactPrivacy, ContactSourceType, ContactSourceTypeGraphType>("type", p => p.SourceTypeId);
        Field("detail", p => p.SourceDetail, nullable: true);
        Field("date", p => p.SourceDate, nullable: true);
    }
}

public sealed class PurposeAssignmentType : ObjectGraphType<PurposeAssignment>
{
    public PurposeAssignmentType(NodeRegistry nodes)
    {
        Name = "PurposeAssignment";
        Description = "A contact is processed for a purpose on a legal basis; for consent, when and how it was given, until when, and its withdrawal.";
        this.RequireScopes(AuthScopes.ContactsRead);
        this.AsNode(nodes);
        this.Reference<PurposeAssignment, ProcessingPurpose, ProcessingPurposeType>("purpose", a => a.PurposeId);
        this.Reference<PurposeAssignment, Contact, ContactType>("contact", a => a.ContactId);
        Field(a => a.LegalBasis);
        Field(a => a.ConsentGivenAt, nullable: true);
        Field(a => a.ConsentEvidence, nullable: true);
        Field(a => a.ValidUntil, nullable: true);
        Field(a => a.WithdrawnAt, nullable: true);
        Field(a => a.WithdrawalEvidence, nullable: true);
        Field(a => a.CreatedAt);
    }
}
