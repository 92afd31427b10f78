-- Unit rollups (src/lib/server/qualification/README.md, "Unit rollups"): every change to what the
-- dashboard counts logs the people and units it touches in `qualification_rollup_changes`, in the
-- writer's transaction; the next dashboard read computes those units again.
CREATE FUNCTION qualification_rollup_person_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO qualification_rollup_changes (person_id) VALUES (OLD.person_id);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO qualification_rollup_changes (person_id) VALUES (NEW.person_id);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_changed AFTER INSERT OR DELETE ON qualification_summaries
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_person_row();
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_updated AFTER UPDATE ON qualification_summaries
	FOR EACH ROW WHEN (
		OLD.status IS DISTINCT FROM NEW.status
		OR OLD.qualified_periods IS DISTINCT FROM NEW.qualified_periods
		OR OLD.score_bands IS DISTINCT FROM NEW.score_bands
	) EXECUTE FUNCTION qualification_rollup_person_row();
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_changed AFTER INSERT OR UPDATE OR DELETE ON classification_records
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_person_row();
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_changed AFTER INSERT OR UPDATE OR DELETE ON training_records
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_person_row();
--> statement-breakpoint
CREATE FUNCTION qualification_rollup_history_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO qualification_rollup_changes (person_id, unit_id)
		VALUES (OLD.person_id, OLD.from_unit_id), (NULL, OLD.to_unit_id);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO qualification_rollup_changes (person_id, unit_id)
		VALUES (NEW.person_id, NEW.from_unit_id), (NULL, NEW.to_unit_id);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_changed AFTER INSERT OR UPDATE OR DELETE ON person_unit_history
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_history_row();
--> statement-breakpoint
-- A person: their unit before and after, and (deleted) every unit their history passed through.
CREATE FUNCTION qualification_rollup_people_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		INSERT INTO qualification_rollup_changes (unit_id)
		SELECT OLD.org_unit_id
		UNION SELECT h.from_unit_id FROM person_unit_history h WHERE h.person_id = OLD.id
		UNION SELECT h.to_unit_id FROM person_unit_history h WHERE h.person_id = OLD.id;
		RETURN OLD;
	END IF;
	IF TG_OP = 'UPDATE' THEN
		INSERT INTO qualification_rollup_changes (unit_id) VALUES (OLD.org_unit_id);
	END IF;
	INSERT INTO qualification_rollup_changes (person_id, unit_id) VALUES (NEW.id, NEW.org_unit_id);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_deleted BEFORE DELETE ON people
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_people_row();
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_changed AFTER INSERT ON people
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_people_row();
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_updated AFTER UPDATE ON people
	FOR EACH ROW WHEN (
		OLD.org_unit_id IS DISTINCT FROM NEW.org_unit_id
		OR OLD.position IS DISTINCT FROM NEW.position
		OR OLD.birth_year IS DISTINCT FROM NEW.birth_year
		OR OLD.education_level IS DISTINCT FROM NEW.education_level
		OR OLD.theory_level IS DISTINCT FROM NEW.theory_level
	) EXECUTE FUNCTION qualification_rollup_people_row();
--> statement-breakpoint
-- An account linked to another person moves its contest entries (counted by the account's person).
CREATE FUNCTION qualification_rollup_users_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO qualification_rollup_changes (person_id) VALUES (OLD.person_id), (NEW.person_id);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_updated AFTER UPDATE ON users
	FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id)
	EXECUTE FUNCTION qualification_rollup_users_row();
--> statement-breakpoint
CREATE FUNCTION qualification_rollup_registration_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO qualification_rollup_changes (person_id)
		SELECT coalesce(OLD.person_id, u.person_id) FROM users u WHERE u.id = OLD.user_id;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO qualification_rollup_changes (person_id)
		SELECT coalesce(NEW.person_id, u.person_id) FROM users u WHERE u.id = NEW.user_id;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_changed AFTER INSERT OR DELETE ON contest_registrations
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_registration_row();
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_updated AFTER UPDATE ON contest_registrations
	FOR EACH ROW WHEN (
		OLD.person_id IS DISTINCT FROM NEW.person_id
		OR OLD.user_id IS DISTINCT FROM NEW.user_id
		OR OLD.contest_id IS DISTINCT FROM NEW.contest_id
		OR OLD.withdrawn_at IS DISTINCT FROM NEW.withdrawn_at
	) EXECUTE FUNCTION qualification_rollup_registration_row();
--> statement-breakpoint
CREATE FUNCTION qualification_rollup_award_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		INSERT INTO qualification_rollup_changes (person_id)
		SELECT coalesce(r.person_id, u.person_id) FROM contest_registrations r
		JOIN users u ON u.id = r.user_id WHERE r.id = OLD.registration_id;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		INSERT INTO qualification_rollup_changes (person_id)
		SELECT coalesce(r.person_id, u.person_id) FROM contest_registrations r
		JOIN users u ON u.id = r.user_id WHERE r.id = NEW.registration_id;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_changed AFTER INSERT OR UPDATE OR DELETE ON contest_awards
	FOR EACH ROW EXECUTE FUNCTION qualification_rollup_award_row();
--> statement-breakpoint
-- Prizes count once published; a contest's year places its entries.
CREATE FUNCTION qualification_rollup_level_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO qualification_rollup_changes (person_id)
	SELECT DISTINCT coalesce(r.person_id, u.person_id) FROM contest_awards a
	JOIN contest_registrations r ON r.id = a.registration_id
	JOIN users u ON u.id = r.user_id WHERE a.level_id = NEW.id;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_updated AFTER UPDATE ON contest_levels
	FOR EACH ROW WHEN (OLD.prizes_published_at IS DISTINCT FROM NEW.prizes_published_at)
	EXECUTE FUNCTION qualification_rollup_level_row();
--> statement-breakpoint
CREATE FUNCTION qualification_rollup_contest_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO qualification_rollup_changes (person_id)
	SELECT DISTINCT coalesce(r.person_id, u.person_id) FROM contest_registrations r
	JOIN users u ON u.id = r.user_id WHERE r.contest_id = NEW.id;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER qualification_rollup_updated AFTER UPDATE ON contests
	FOR EACH ROW WHEN (OLD.year IS DISTINCT FROM NEW.year)
	EXECUTE FUNCTION qualification_rollup_contest_row();
