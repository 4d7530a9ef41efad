using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <summary>
    /// The reports' rollup of past days (Statistics/CallDayRollup.cs): the call sums per local day and département,
    /// also cut by motive and by outcome, for the settings they were computed with; a day is rebuilt on demand once any
    /// of its calls or triages changes (the triggers forget the days around the changed call's queue time).
    /// </summary>
    [DbContext(typeof(HotlineDbContext))]
    [Migration("20261207043000_StatisticsRollup")]
    public partial class StatisticsRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE statistics_built_days (
                    zone text NOT NULL,
                    service_level_seconds integer NOT NULL,
                    short_abandon_seconds integer NOT NULL,
                    day date NOT NULL,
                    PRIMARY KEY (zone, service_level_seconds, short_abandon_seconds, day));
                CREATE INDEX ix_statistics_built_days_day ON statistics_built_days (day);

                CREATE TABLE statistics_call_days (
                    zone text NOT NULL,
                    service_level_seconds integer NOT NULL,
                    short_abandon_seconds integer NOT NULL,
                    cut text NOT NULL,
                    day date NOT NULL,
                    departement_code text NOT NULL,
                    value text NOT NULL,
                    offered integer NOT NULL,
                    answered integer NOT NULL,
                    abandoned integer NOT NULL,
                    short_abandoned integer NOT NULL,
                    within_service_level integer NOT NULL,
                    answer_seconds double precision NOT NULL,
                    handled integer NOT NULL,
                    handle_seconds double precision NOT NULL,
                    PRIMARY KEY (zone, service_level_seconds, short_abandon_seconds, cut, departement_code, day, value));

                -- Forgets the built days around a queue time (UTC day ± 1 covers any line time zone).
                CREATE FUNCTION statistics_forget_days(queued_at timestamptz) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM statistics_built_days
                    WHERE day BETWEEN (queued_at AT TIME ZONE 'UTC')::date - 1 AND (queued_at AT TIME ZONE 'UTC')::date + 1
                $$;

                CREATE FUNCTION statistics_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.queued_at IS NOT NULL THEN PERFORM statistics_forget_days(OLD.queued_at); END IF;
                    IF TG_OP <> 'DELETE' AND NEW.queued_at IS NOT NULL
                       AND (TG_OP = 'INSERT' OR NEW.queued_at IS DISTINCT FROM OLD.queued_at) THEN
                        PERFORM statistics_forget_days(NEW.queued_at);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER statistics_call_changed AFTER INSERT OR UPDATE OR DELETE ON calls
                    FOR EACH ROW EXECUTE FUNCTION statistics_call_changed();

                CREATE FUNCTION statistics_triage_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM statistics_forget_days(c.queued_at) FROM calls c
                    WHERE c.queued_at IS NOT NULL
                      AND c.id IN (CASE WHEN TG_OP <> 'DELETE' THEN NEW.call_id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.call_id END);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER statistics_triage_changed AFTER INSERT OR UPDATE OF outcome, call_id OR DELETE ON triages
                    FOR EACH ROW EXECUTE FUNCTION statistics_triage_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER statistics_triage_changed ON triages;
                DROP TRIGGER statistics_call_changed ON calls;
                DROP FUNCTION statistics_triage_changed();
                DROP FUNCTION statistics_call_changed();
                DROP FUNCTION statistics_forget_days(timestamptz);
                DROP TABLE statistics_call_days;
                DROP TABLE statistics_built_days;
                """);
        }
    }
}
