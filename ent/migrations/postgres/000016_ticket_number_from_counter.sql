-- ticket_number_from_counter (postgres): a create that sends all its
-- statements in one round trip cannot know its number when it builds the
-- INSERT. Its counter UPDATE leaves the number in the transaction-local
-- setting kefu.ticket_number, and a ticket inserted with number '' takes it
-- from there (desk/tickets, fast path). No number taken: the insert fails
-- with SQLSTATE KF001 and the create starts over the slow way.
CREATE FUNCTION kefu_ticket_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.number := nullif(current_setting('kefu.ticket_number', true), '');
	IF NEW.number IS NULL THEN
		RAISE EXCEPTION 'ticket %: no number was taken in this transaction', NEW.id USING ERRCODE = 'KF001';
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER ticket_number_from_counter BEFORE INSERT ON "tickets" FOR EACH ROW WHEN (NEW.number = '') EXECUTE FUNCTION kefu_ticket_number();
-- The create's audit entry was built from the same '' number: it records
-- the number the ticket got.
CREATE FUNCTION kefu_audit_ticket_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.changes := jsonb_set(NEW.changes, '{number}', to_jsonb(current_setting('kefu.ticket_number')));
	RETURN NEW;
END $$;
CREATE TRIGGER audit_ticket_number_from_counter BEFORE INSERT ON "audit_entries" FOR EACH ROW WHEN (NEW.target_type = 'Ticket' AND NEW.action = 'create' AND NEW.changes->>'number' = '') EXECUTE FUNCTION kefu_audit_ticket_number();
