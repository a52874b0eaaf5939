-- Who may see a task now (the inverse of the tasks policy's visibleWhere), as a function: the fan-out of
-- notifications and realtime asks it once per event, and PL/pgSQL keeps its plan, where the same query
-- sent as text was planned on every call (10 ms of planning for 1 ms of work). The permission lists come
-- from the application (tasks.policy.ts, record-scope.ts), so the rules stay in one place.
CREATE FUNCTION task_audience(p_task uuid, p_work text[], p_tenant_scope text[], p_team_scope text[])
  RETURNS TABLE (user_id uuid)
  LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
  v_visibility text;
  v_team uuid;
  v_creator uuid;
BEGIN
  SELECT t.visibility, t.team_id, t.created_by INTO v_visibility, v_team, v_creator
    FROM tasks t
    WHERE t.tenant_id = current_tenant_id() AND t.id = p_task AND t.deleted_at IS NULL;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  RETURN QUERY
  WITH assignees AS (
    SELECT a.user_id FROM task_assignees a WHERE a.tenant_id = current_tenant_id() AND a.task_id = p_task
  ), people AS (
    SELECT a.user_id FROM assignees a UNION SELECT v_creator
  ), everyone AS (
    -- Always: the assignees, the creator, and the managers of the assignees' teams.
    SELECT a.user_id FROM assignees a
    UNION SELECT v_creator
    UNION SELECT manager.user_id FROM team_members member
      JOIN team_members manager ON manager.tenant_id = member.tenant_id AND manager.team_id = member.team_id
      WHERE member.tenant_id = current_tenant_id() AND manager.role = 'manager'
        AND member.user_id IN (SELECT a.user_id FROM assignees a)
    -- Not private: the watchers, and whoever's record scope holds an assignee or the creator.
    UNION SELECT w.user_id FROM task_watchers w
      WHERE v_visibility <> 'private' AND w.tenant_id = current_tenant_id() AND w.task_id = p_task
    UNION SELECT m.user_id FROM memberships m
      JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
      WHERE v_visibility <> 'private' AND m.tenant_id = current_tenant_id() AND m.status = 'active'
        AND r.permissions && p_work
        AND (m.user_id IN (SELECT p.user_id FROM people p)
          OR r.permissions && p_tenant_scope
          OR (r.permissions && p_team_scope AND m.user_id IN (
            SELECT manager.user_id FROM team_members member
            JOIN team_members manager ON manager.tenant_id = member.tenant_id AND manager.team_id = member.team_id
            WHERE member.tenant_id = current_tenant_id() AND manager.role = 'manager'
              AND member.user_id IN (SELECT p.user_id FROM people p))))
    -- Team: the members of its team (none set: of the assignees' teams).
    UNION SELECT tm.user_id FROM team_members tm
      WHERE v_visibility = 'team' AND tm.tenant_id = current_tenant_id()
        AND (tm.team_id = v_team OR (v_team IS NULL AND tm.team_id IN (
          SELECT x.team_id FROM team_members x
          WHERE x.tenant_id = current_tenant_id() AND x.user_id IN (SELECT a.user_id FROM assignees a))))
  )
  SELECT m.user_id FROM memberships m
    JOIN roles r ON r.tenant_id = m.tenant_id AND r.id = m.role_id
    WHERE m.tenant_id = current_tenant_id() AND m.status = 'active' AND r.permissions && p_work
      AND m.user_id IN (SELECT e.user_id FROM everyone e);
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION task_audience(uuid, text[], text[], text[]) TO closer_app;
