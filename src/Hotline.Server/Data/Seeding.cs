namespace Hotline.Server.Data;

/// <summary>
/// Reference data a feature derives from code, configuration or official data (not demo data), such as
/// the departmental cells of the directory. Runs in every environment: with the <c>migrate</c> command
/// (production's deployment step) and at Development start-up, after the migrations. Must be idempotent.
/// </summary>
public interface IReferenceDataSeed
{
    Task SeedReferenceAsync(CancellationToken cancellationToken);
}

/// <summary>Invented data for a Development run (demo accounts live in Identity). Never runs elsewhere.</summary>
public interface IDemoDataSeed
{
    Task SeedDemoAsync(CancellationToken cancellationToken);
}
