using System.Diagnostics;
using Bogus;
using ContactBox.Api.Hosting;
using ContactBox.Api.Workspaces;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ContactBox.Bench.Seeding;

/// <summary>
/// <c>seed</c>: migrates the database through the app's own startup, then bulk-loads deterministic contacts,
/// tags and timeline entries into the default workspace. A database already holding exactly the requested
/// data is left as it is.
/// </summary>
internal static class SeedCommand
{
    private const int MemberCount = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args, "contacts", "entries-per-contact", "seed");
        var contactCount = options.Int("contacts", 100_000);
        var perContact = options.Int("entries-per-contact", 10);
        var seed = options.Int("seed", 42);

        var builder = options.CreateBuilder();
        builder.AddContactBoxApi();
        await using var app = builder.Build();
        var cancel = app.Lifetime.ApplicationStopping;
        var total = Stopwatch.StartNew();
        await app.InitializeContactBoxAsync();
        var defaults = app.Services.GetRequiredService<DefaultWorkspace>();

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(defaults.WorkspaceId, defaults.MemberId);

        var existingContacts = await db.Contacts.CountAsync(cancel);
        var existingEntries = await db.TimelineEntries.LongCountAsync(cancel);
        if (existingContacts == contactCount && existingEntries == (long)contactCount * perContact)
        {
            Console.WriteLine($"Already seeded: {existingContacts} contacts, {existingEntries} timeline entries; nothing to do.");
            return 0;
        }

        if (existingContacts > 0 || existingEntries > 0)
        {
            Console.Error.WriteLine($"The database holds {existingContacts} contacts and {existingEntries} timeline entries, not the {contactCount} and {(long)contactCount * perContact} asked for. Start from an empty database (bench/run.sh --reseed).");
            return 1;
        }

        var members = await EnsureMembersAsync(db, seed, cancel);
        await db.Database.OpenConnectionAsync(cancel);
        IBulkLoader loader = db.Database.GetDbConnection() switch
        {
            SqliteConnection sqlite => new SqliteBulkLoader(sqlite),
            NpgsqlConnection npgsql => new PostgresBulkLoader(npgsql),
            var other => throw new NotSupportedException($"No bulk loader for {other.GetType().Name}."),
        };
        await RowFormatCheck.RunAsync(db, loader, members, cancel);
        Console.WriteLine("Row format check passed: the loader writes contacts, tags and timeline entries exactly as EF Core does.");

        var load = Stopwatch.StartNew();
        await loader.PrepareAsync(cancel);
        var generator = new SeedGenerator(seed, defaults.WorkspaceId, [.. members]);
        var (contacts, tags) = generator.Contacts(contactCount);
        Console.WriteLine($"Generated {contacts.Count} contacts and {tags.Count} tags in {load.Elapsed.TotalSeconds:F1} s.");
        var contactRows = await Timed(() => loader.LoadAsync(Tables.Contacts, contacts, null, cancel), "contacts");
        var tagRows = await Timed(() => loader.LoadAsync(Tables.ContactTags, tags, null, cancel), "tags");
        var entryRows = await Timed(() => loader.LoadAsync(Tables.TimelineEntries, generator.Timeline(contacts, perContact), null, cancel), "timeline entries (generated while loading)");
        var loaded = load.Elapsed;
        await loader.FinishAsync(cancel);

        var customers = tags.Count(t => t.Name == SeedGenerator.CustomerTag);
        Console.WriteLine($"Seeded {options.Provider}: {members.Count} members, {contactRows} contacts ({customers} tagged '{SeedGenerator.CustomerTag}'), {tagRows} tags, {entryRows} timeline entries.");
        Console.WriteLine($"Seconds: load {loaded.TotalSeconds:F1}, analyze {(load.Elapsed - loaded).TotalSeconds:F1}, total with migration {total.Elapsed.TotalSeconds:F1}.");
        return 0;
    }

    private static async Task<long> Timed(Func<Task<long>> load, string what)
    {
        var clock = Stopwatch.StartNew();
        var rows = await load();
        Console.WriteLine($"Loaded {rows} {what} in {clock.Elapsed.TotalSeconds:F1} s.");
        return rows;
    }

    /// <summary>The default member plus deterministic colleagues, created through EF Core like any member.</summary>
    private static async Task<IReadOnlyList<Guid>> EnsureMembersAsync(ContactBoxDbContext db, int seed, CancellationToken cancellationToken)
    {
        var faker = new Faker("de") { Random = new Randomizer(seed) };
        var existing = await db.Members.Select(m => m.Email).ToListAsync(cancellationToken);
        for (var i = 1; i < MemberCount; i++)
        {
            var name = faker.Name.FullName();
            var email = $"member{i:00}@contactbox.example";
            if (!existing.Contains(email))
            {
                db.Members.Add(new Member(name, email, MemberRoles.Member));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return await db.Members.OrderBy(m => m.Email == DefaultWorkspace.MemberEmail ? 0 : 1).ThenBy(m => m.Email)
            .Select(m => m.Id).ToListAsync(cancellationToken);
    }
}
