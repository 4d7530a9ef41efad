using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <summary>
    /// The reports' referral rollup (Statistics/ReferralDayRollup.cs): per local day of sending, département (and whether
    /// the national team received it), motive or outcome and state, the counts, plus what the time-dependent figures need
    /// exactly (each acknowledgement delay for the median, each waiting deadline for the overdue count). Built with the
    /// call rollup's days; forgotten when a referral, its call's motive or its triage's outcome changes.
    /// The function forgetting days is PL/pgSQL now (its DELETE planned once per session, not on every call).
    /// </summary>
    public partial class StatisticsReferralRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- PL/pgSQL keeps the DELETE's plan for the session; the SQL function of 20261207043000 was planned on every
                -- call (about half of a webhook's trigger cost, measured in docs/performance.md).
                CREATE OR REPLACE FUNCTION statistics_forget_days(queued_at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM statistics_built_days
                    WHERE day BETWEEN (queued_at AT TIME ZONE 'UTC')::date - 1 AND (queued_at AT TIME ZONE 'UTC')::date + 1;
                END $$;

                CREATE TABLE statistics_referral_days (
                    zone text NOT NULL,
                    service_level_seconds integer NOT NULL,
                    short_abandon_seconds integer NOT NULL,
                    cut text NOT NULL,
                    day date NOT NULL,
                    departement_code text NOT NULL,
                    national_team boolean NOT NULL,
                    value text NOT NULL,
                    state text NOT NULL,
                    referrals integer NOT NULL,
                    acknowledged_late integer NOT NULL,
                    hours_to_acknowledge double precision[] NOT NULL,
                    waiting_deadlines timestamp with time zone[] NOT NULL,
                    PRIMARY KEY (zone, service_level_seconds, short_abandon_seconds, cut, departement_code, day, value, state, national_team));

                CREATE FUNCTION statistics_referral_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN PERFORM statistics_forget_days(OLD.sent_at); END IF;
                    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.sent_at IS DISTINCT FROM OLD.sent_at) THEN
                        PERFORM statistics_forget_days(NEW.sent_at);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER statistics_referral_added AFTER INSERT OR DELETE ON referrals
                    FOR EACH ROW EXECUTE FUNCTION statistics_referral_changed();
                -- Only a column a referral figure reads (a note, the snapshot or an escalation leave the days built).
                CREATE TRIGGER statistics_referral_changed AFTER UPDATE ON referrals FOR EACH ROW
                    WHEN ((OLD.sent_at, OLD.state, OLD.acknowledged_at, OLD.acknowledge_by, OLD.departement_code, OLD.service_kind, OLD.call_id, OLD.triage_id)
                          IS DISTINCT FROM (NEW.sent_at, NEW.state, NEW.acknowledged_at, NEW.acknowledge_by, NEW.departement_code, NEW.service_kind, NEW.call_id, NEW.triage_id))
                    EXECUTE FUNCTION statistics_referral_changed();

                -- Calls: as before, and the motive of a call past the menu (one that may have referrals) forgets the days its
                -- referrals were sent on. (A WHEN clause listing the counted columns was measured slower than this, see
                -- docs/performance.md: the trigger stays one row trigger.)
                CREATE OR REPLACE FUNCTION statistics_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.queued_at IS NOT NULL THEN PERFORM statistics_forget_days(OLD.queued_at); END IF;
                    IF TG_OP <> 'DELETE' AND NEW.queued_at IS NOT NULL
                       AND (TG_OP = 'INSERT' OR NEW.queued_at IS DISTINCT FROM OLD.queued_at) THEN
                        PERFORM statistics_forget_days(NEW.queued_at);
                    END IF;
                    IF TG_OP = 'UPDATE' AND OLD.status <> 'InMenu' AND NEW.motive IS DISTINCT FROM OLD.motive THEN
                        PERFORM statistics_forget_days(r.sent_at) FROM referrals r WHERE r.call_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;

                -- Triages: as before, and the days their referrals were sent on (cut by outcome).
                CREATE OR REPLACE FUNCTION statistics_triage_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM statistics_forget_days(c.queued_at) FROM calls c
                    WHERE c.queued_at IS NOT NULL
                      AND c.id IN (CASE WHEN TG_OP <> 'DELETE' THEN NEW.call_id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.call_id END);
                    PERFORM statistics_forget_days(r.sent_at) FROM referrals r
                    WHERE r.triage_id IN (CASE WHEN TG_OP <> 'DELETE' THEN NEW.id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.id END);
                    RETURN NULL;
                END $$;
                CREATE INDEX ix_referrals_triage_id ON referrals (triage_id);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_referrals_triage_id;
                DROP FUNCTION statistics_forget_days(timestamptz);
                CREATE FUNCTION statistics_forget_days(queued_at timestamptz) RETURNS void LANGUAGE sql AS $$
                    DELETE FROM statistics_built_days
                    WHERE day BETWEEN (queued_at AT TIME ZONE 'UTC')::date - 1 AND (queued_at AT TIME ZONE 'UTC')::date + 1
                $$;
                CREATE OR REPLACE FUNCTION statistics_triage_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM statistics_forget_days(c.queued_at) FROM calls c
                    WHERE c.queued_at IS NOT NULL
                      AND c.id IN (CASE WHEN TG_OP <> 'DELETE' THEN NEW.call_id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.call_id END);
                    RETURN NULL;
                END $$;
                CREATE OR REPLACE FUNCTION statistics_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.queued_at IS NOT NULL THEN PERFORM statistics_forget_days(OLD.queued_at); END IF;
                    IF TG_OP <> 'DELETE' AND NEW.queued_at IS NOT NULL
                       AND (TG_OP = 'INSERT' OR NEW.queued_at IS DISTINCT FROM OLD.queued_at) THEN
                        PERFORM statistics_forget_days(NEW.queued_at);
                    END IF;
                    RETURN NULL;
                END $$;
                DROP TRIGGER statistics_referral_changed ON referrals;
                DROP TRIGGER statistics_referral_added ON referrals;
                DROP FUNCTION statistics_referral_changed();
                DROP TABLE statistics_referral_days;
                """);
        }
    }
}
