using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <summary>
    /// The reports' referral rollup (Statistics/ReferralDayRollup.cs): per local day of sending, département (and whether
    /// the national team received it), motive or outcome and state, the counts, plus what the time-dependent figures need
    /// exactly (each acknowledgement delay for the median, each waiting deadline for the overdue count). Built with the
    /// call rollup's days; forgotten when a referral, its call's motive or its triage's outcome changes.
    /// The calls' trigger now runs only when a counted column changes (a WHEN clause, evaluated without calling PL/pgSQL):
    /// the IVR's first webhooks (voice, menu) no longer run it.
    /// </summary>
    public partial class StatisticsReferralRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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

                -- Calls: as before, and a motive changed forgets the days its referrals were sent on.
                CREATE OR REPLACE FUNCTION statistics_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.queued_at IS NOT NULL THEN PERFORM statistics_forget_days(OLD.queued_at); END IF;
                    IF TG_OP <> 'DELETE' AND NEW.queued_at IS NOT NULL
                       AND (TG_OP = 'INSERT' OR NEW.queued_at IS DISTINCT FROM OLD.queued_at) THEN
                        PERFORM statistics_forget_days(NEW.queued_at);
                    END IF;
                    IF TG_OP = 'UPDATE' AND NEW.motive IS DISTINCT FROM OLD.motive THEN
                        PERFORM statistics_forget_days(r.sent_at) FROM referrals r WHERE r.call_id = NEW.id;
                    END IF;
                    RETURN NULL;
                END $$;
                DROP TRIGGER statistics_call_changed ON calls;
                CREATE TRIGGER statistics_call_added AFTER INSERT ON calls FOR EACH ROW WHEN (NEW.queued_at IS NOT NULL)
                    EXECUTE FUNCTION statistics_call_changed();
                CREATE TRIGGER statistics_call_deleted AFTER DELETE ON calls FOR EACH ROW WHEN (OLD.queued_at IS NOT NULL)
                    EXECUTE FUNCTION statistics_call_changed();
                -- The columns of Statistics/CallFigures.cs, of a call that was queued; or the motive of a call past the menu
                -- (one that may have referrals: in the menu, the IVR sets it on every call).
                CREATE TRIGGER statistics_call_changed AFTER UPDATE ON calls FOR EACH ROW
                    WHEN (((OLD.queued_at IS NOT NULL OR NEW.queued_at IS NOT NULL)
                           AND (OLD.queued_at, OLD.status, OLD.answered_at, OLD.ended_at, OLD.wait_seconds, OLD.wrap_up_ended_at, OLD.departement_code, OLD.motive)
                               IS DISTINCT FROM (NEW.queued_at, NEW.status, NEW.answered_at, NEW.ended_at, NEW.wait_seconds, NEW.wrap_up_ended_at, NEW.departement_code, NEW.motive))
                          OR (OLD.motive IS DISTINCT FROM NEW.motive AND OLD.status <> 'InMenu'))
                    EXECUTE FUNCTION statistics_call_changed();

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
                CREATE OR REPLACE FUNCTION statistics_triage_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM statistics_forget_days(c.queued_at) FROM calls c
                    WHERE c.queued_at IS NOT NULL
                      AND c.id IN (CASE WHEN TG_OP <> 'DELETE' THEN NEW.call_id END, CASE WHEN TG_OP <> 'INSERT' THEN OLD.call_id END);
                    RETURN NULL;
                END $$;
                DROP TRIGGER statistics_call_changed ON calls;
                DROP TRIGGER statistics_call_deleted ON calls;
                DROP TRIGGER statistics_call_added ON calls;
                CREATE OR REPLACE FUNCTION statistics_call_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
                DROP TRIGGER statistics_referral_changed ON referrals;
                DROP TRIGGER statistics_referral_added ON referrals;
                DROP FUNCTION statistics_referral_changed();
                DROP TABLE statistics_referral_days;
                """);
        }
    }
}
