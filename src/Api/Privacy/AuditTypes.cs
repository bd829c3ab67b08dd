using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Members;
using ContactBox.Domain.Members;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Privacy;
using GraphQL.Types;

namespace ContactBox.Api.Privacy;

public sealed class AuditRecordType : ObjectGraphType<AuditRecord>
{
    public AuditRecordType()
    {
        Name = "AuditRecord";
        Description = "One link of the workspace's hash-chained audit log.";
        Field(r => r.Sequence).Description("1, 2, 3 … without gaps.");
        Field(r => r.OccurredAt);
        Field(r => r.ActorKind);
        Field(r => r.ActorId, nullable: true).Description("The member's ID or the client's client_id; null for ContactBox itself.");
        this.Reference<AuditRecord, Member, MemberType>("member",
            r => r.ActorKind == AuditActorKind.Member && Guid.TryParse(r.ActorId, out var id) ? id : null);
        Field(r => r.Action);
        Field(r => r.SubjectType, nullable: true);
        Field<IdGraphType>("subjectId").Description("The global ID of the object acted on; it may no longer exist (an erased contact).")
            .Resolve(c => c.Source is { SubjectType: { } type, SubjectId: { } id } ? GlobalId.Format(type, id) : null);
        Field(r => r.Details).Description("JSON with identifiers, enums and instants of the act; never personal data.");
        Field(r => r.PreviousHash);
        Field(r => r.Hash).Description("SHA-256 (hex) over the canonical form of this record, the previous hash included.");
    }
}

public sealed class AuditLogVerificationType : ObjectGraphType<AuditVerification>
{
    public AuditLogVerificationType()
    {
        Name = "AuditLogVerification";
        Field("ok", v => v.IsValid).Description("Every link holds.");
        Field(v => v.Count).Description("Records verified (up to the first break).");
        Field<AuditChainBreakType>("firstBroken").Resolve(c => c.Source.FirstBreak);
    }
}

public sealed class AuditChainBreakType : ObjectGraphType<AuditChainBreak>
{
    public AuditChainBreakType()
    {
        Name = "AuditChainBreak";
        Field(b => b.Sequence).Description("The place in the chain where it breaks.");
        Field<IdGraphType>("recordId").Resolve(c => c.Source.RecordId?.ToString());
        Field(b => b.Reason);
    }
}

public sealed class ErasureReceiptType : ObjectGraphType<ErasureReceipt>
{
    public ErasureReceiptType()
    {
        Name = "ErasureReceipt";
        Description = "Proof of an erasure (Art. 17), without personal data: the erased contact's ID, when, and how many items went.";
        Field<NonNullGraphType<IdGraphType>>("contactId").Resolve(c => GlobalId.Format("Contact", c.Source.ContactId));
        Field(r => r.ErasedAt);
        Field(r => r.AuditSequence).Description("The audit record that holds the receipt.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ErasedCountType>>>>("removed").Resolve(c => c.Source.Removed.ToList());
    }
}

public sealed class ErasedCountType : ObjectGraphType<KeyValuePair<string, int>>
{
    public ErasedCountType()
    {
        Name = "ErasedCount";
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Value);
    }
}

public sealed class RetentionCandidateType : ObjectGraphType<RetentionCandidate>
{
    public RetentionCandidateType()
    {
        Name = "RetentionCandidate";
        Description = "A contact that no processing purpose holds any more and whose retention period has ended.";
        Field<NonNullGraphType<IdGraphType>>("contactId").Resolve(c => GlobalId.Format("Contact", c.Source.ContactId));
        Field<Contacts.ContactType>("contact").Resolve(c => GraphQL.DataLoading.ResolveFieldContextExtensions.Loaders(c).ById<Domain.Contacts.Contact>().Load(c.Source.ContactId));
        Field(r => r.RetainedUntil);
    }
}
