using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Export;

/// <summary>
/// Bounces as newsletter services report them, per e-mail address: <c>recordEmailBounces</c> and
/// <c>clearEmailBounces</c> (scope contacts.write). A hard-bounced address is left out of MAILCHIMP and RAPIDMAIL exports.
/// </summary>
public static class EmailBounceMutations
{
    public const int MaxPerCall = 10_000;

    // A service's clock may run a little ahead of ours; a report from further in the future is a mistake.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType)];
        var result = typeof(ListGraphType<NonNullGraphType<EmailBounceType>>);
        mutation.Mutation(kit, "recordEmailBounces", new RecordEmailBouncesInputType(), "bounces", result, errors, async (context, input) =>
        {
            var latest = context.Now() + ClockSkew;
            var reports = input.Objects("bounces");
            Require(reports.Count, "bounces");
            var parsed = reports.Select(r =>
            {
                var at = r.GetStruct<DateTimeOffset>("occurredAt")!.Value;
                return at > latest
                    ? throw new DomainValidationException(r.Path("occurredAt"), "occurredAt lies in the future.")
                    : (Address: EmailBounce.Key(EmailRules.Normalize(r.String("email"), r.Path("email"))), Kind: r.Get<BounceKind>("kind"), At: at, Reason: r.String("reason"), Path: r.Location);
            }).ToList();
            var db = context.Db();
            var bounces = await BouncesAsync(db, parsed.Select(p => p.Address), context.CancellationToken);
            foreach (var report in parsed)
            {
                if (!bounces.TryGetValue(report.Address, out var bounce))
                {
                    bounces[report.Address] = bounce = new EmailBounce(report.Address);
                    db.Add(bounce);
                }

                bounce.Record(report.Kind, report.At, report.Reason, report.Path);
            }

            await db.SaveChangesAsync(context.CancellationToken);
            return parsed.Select(p => p.Address).Distinct().Select(a => bounces[a]).ToList();
        }).Description("Records bounces as a newsletter service reports them, per e-mail address. A HARD bounce (the first date and reason stay) "
                       + "leaves the address out of newsletter exports (MAILCHIMP, RAPIDMAIL) until cleared; SOFT bounces are counted and never exclude. "
                       + $"At most {MaxPerCall} a call.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "clearEmailBounces", new ClearEmailBouncesInputType(), "clearedEmails", typeof(ListGraphType<NonNullGraphType<StringGraphType>>), errors, async (context, input) =>
        {
            var emails = input.List<string>("emails");
            Require(emails.Count, "emails");
            var addresses = emails.Select((e, i) => EmailBounce.Key(EmailRules.Normalize(e, $"emails[{i}]"))).Distinct().ToList();
            var db = context.Db();
            var bounces = await BouncesAsync(db, addresses, context.CancellationToken);
            db.RemoveRange(bounces.Values);
            await db.SaveChangesAsync(context.CancellationToken);
            return bounces.Keys.Order(StringComparer.Ordinal).ToList();
        }).Description("Forgets every bounce of these addresses, e.g. when an address is confirmed again; they are exported again. "
                       + "Returns the addresses that had bounce data.")
            .RequireScopes(AuthScopes.ContactsWrite);
    }

    /// <summary>The bounce data of an e-mail address, batched over a page of contacts.</summary>
    public static IDataLoaderResult<EmailBounce?> Load(IResolveFieldContext context, string address) =>
        context.Loaders().GetOrAdd<string, EmailBounce>("emailBounces", async (db, keys, ct) =>
                await db.Set<EmailBounce>().AsNoTracking().Where(b => keys.Contains(b.Address)).ToDictionaryAsync(b => b.Address, ct))
            .Load(EmailBounce.Key(address));

    private static void Require(int count, string field)
    {
        if (count is 0 or > MaxPerCall)
        {
            throw new DomainValidationException(field, $"Send between 1 and {MaxPerCall} entries a call.");
        }
    }

    private static async Task<Dictionary<string, EmailBounce>> BouncesAsync(Infrastructure.Persistence.ContactBoxDbContext db, IEnumerable<string> addresses, CancellationToken cancellationToken)
    {
        var keys = addresses.Distinct().ToList();
        return await db.Set<EmailBounce>().Where(b => keys.Contains(b.Address)).ToDictionaryAsync(b => b.Address, StringComparer.Ordinal, cancellationToken);
    }
}

public sealed class EmailBounceType : ObjectGraphType<EmailBounce>
{
    public EmailBounceType()
    {
        Name = "EmailBounce";
        Description = "What newsletter services reported for an e-mail address.";
        Field(b => b.Address).Description("The address, in lower case.");
        Field(b => b.IsHardBounced).Description("A hard bounce was recorded: newsletter exports leave the address out.");
        Field(b => b.HardBouncedAt, nullable: true);
        Field(b => b.HardBounceReason, nullable: true);
        Field(b => b.SoftBounceCount);
        Field(b => b.LastSoftBounceAt, nullable: true);
    }
}

public sealed class BounceInputType : InputObjectGraphType
{
    public BounceInputType()
    {
        Name = "EmailBounceInput";
        Field<NonNullGraphType<StringGraphType>>("email");
        Field<NonNullGraphType<EnumerationGraphType<BounceKind>>>("kind");
        Field<NonNullGraphType<DateTimeType>>("occurredAt");
        Field<StringGraphType>("reason").Description($"The service's diagnostic, at most {EmailBounce.MaxReason} characters.");
    }
}

public sealed class RecordEmailBouncesInputType : InputObjectGraphType
{
    public RecordEmailBouncesInputType()
    {
        Name = "RecordEmailBouncesInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BounceInputType>>>>("bounces");
    }
}

public sealed class ClearEmailBouncesInputType : InputObjectGraphType
{
    public ClearEmailBouncesInputType()
    {
        Name = "ClearEmailBouncesInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("emails");
    }
}
