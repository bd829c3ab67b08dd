using ContactBox.Bench.Export;
using ContactBox.Bench.Import;
using ContactBox.Bench.Privacy;
using ContactBox.Bench.Realtime;
using ContactBox.Bench.Seeding;
using ContactBox.Bench.Serving;

// Benchmark tooling for the contact-list query; bench/run.sh drives both verbs.
return args.FirstOrDefault() switch
{
    "seed" => await SeedCommand.RunAsync(args[1..]),
    "serve" => await ServeCommand.RunAsync(args[1..]),
    "audit" => await AuditChainCommand.RunAsync(args[1..]),
    "export" => await ExportCommand.RunAsync(args[1..]),
    "realtime" => await RealtimeCommand.RunAsync(args[1..]),
    "stage" => await StageCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage:
          ContactBox.Bench seed --provider sqlite|postgresql --connection "<cs>" [--contacts 100000] [--entries-per-contact 10] [--seed 42]
          ContactBox.Bench export --provider sqlite|postgresql --connection "<cs>" [--repeat 1]
          ContactBox.Bench audit --provider sqlite|postgresql --connection "<cs>" [--rounds 5] [--per-round 60] [--writers 8] [--per-writer 40]
          ContactBox.Bench realtime --url http://127.0.0.1:5090 --server-pid <pid> --client-id <id> --client-secret <secret> [--subscribers 1000] [--rate 100] [--seconds 20]
          ContactBox.Bench stage [--mb 100] [--rounds 7]
          ContactBox.Bench serve --provider sqlite|postgresql --connection "<cs>" [--urls http://127.0.0.1:5080] [--Logging:LogLevel:Default=Warning]
        """);
    return 2;
}
