using CaseHub.Benchmarks;

// Each subcommand prints markdown tables to stdout; progress and BenchmarkDotNet's log go to stderr.
const string usage = """
    usage: CaseHub.Benchmarks inmemory
           CaseHub.Benchmarks persisted --provider sqlite|postgres [--count 1000] [--parallel 1] [--connection <server>]
           CaseHub.Benchmarks latency --provider sqlite|postgres [--bookmarks 1000000] [--versions 500] [--resumes 500] [--connection <server>]
           CaseHub.Benchmarks intake --provider sqlite|postgres [--count 1000] [--concurrency 8] [--rate 100] [--seconds 10]
                              [--service convenience.appliance_repair] [--jurisdiction baisha] [--host <CaseHub.Host.dll>] [--connection <server>] [--trace-sql true]
           CaseHub.Benchmarks pages --provider sqlite|postgres [--tickets 10000] [--samples 300] [--user putuo.caseworker@casehub.local]
                              [--service eldercare.home_cleaning] [--jurisdiction baisha] [--host <CaseHub.Host.dll>] [--connection <server>]
           CaseHub.Benchmarks crash --provider postgres [--rate 100] [--seconds 20] [--fault-at 6] [--pg-restart '<shell command>']
                              [--service convenience.appliance_repair] [--jurisdiction baisha] [--host <CaseHub.Host.dll>] [--connection <server>]
    PostgreSQL: --connection or CASEHUB_BENCH_POSTGRES names a server; each run creates and drops its own database.
    """;

try
{
    var parsed = new Args(args);
    return parsed.Command switch
    {
        "inmemory" => InMemoryCommand.Run(),
        "persisted" => await PersistedCommand.RunAsync(parsed),
        "latency" => await LatencyCommand.RunAsync(parsed),
        "intake" => await IntakeCommand.RunAsync(parsed),
        "pages" => await PagesCommand.RunAsync(parsed),
        "crash" => await CrashCommand.RunAsync(parsed),
        _ => Usage(),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return Usage();
}

int Usage()
{
    Console.Error.WriteLine(usage);
    return 2;
}
