-- Four-eyes by person, not by one form of their id (area: approvals). A Teams user is both
-- aad:<object id> and teams:<user id>, and an activity may carry either; so every principal of the
-- requester and of each approver is kept, and an approval is refused when any of the approver's
-- principals is any of these. Rows from before this migration get their one recorded principal.
ALTER TABLE approval_requests ADD COLUMN requester_ids jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE approval_requests ADD COLUMN approver_ids jsonb NOT NULL DEFAULT '[]'::jsonb;
UPDATE approval_requests SET requester_ids = jsonb_build_array(requester), approver_ids = approvals;
