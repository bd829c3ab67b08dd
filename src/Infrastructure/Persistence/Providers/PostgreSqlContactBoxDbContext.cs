using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Persistence.Providers;

/// <summary>PostgreSQL. Its own type only so that its migrations stay apart.</summary>
public sealed class PostgreSqlContactBoxDbContext(DbContextOptions<PostgreSqlContactBoxDbContext> options, CurrentWorkspace workspace)
    : ContactBoxDbContext(options, workspace);
