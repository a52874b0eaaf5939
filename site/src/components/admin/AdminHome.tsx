/** Administration's front page: the sections the signed-in person's role opens, each with what it does. */
import { Allowed } from '../ui';

export const ADMIN_SECTIONS = [
  {
    href: '/admin/users',
    title: 'Users and invitations',
    text: 'Invite people one by one or from a CSV file, change roles, deactivate.',
    needs: ['org.manage_users'],
  },
  {
    href: '/admin/roles',
    title: 'Roles',
    text: 'The permission matrix: built-in roles, and your own.',
    needs: ['org.assign_roles'],
  },
  {
    href: '/admin/teams',
    title: 'Teams',
    text: 'Teams, their members and their managers.',
    needs: ['org.manage_users', 'team.manage_members'],
  },
  {
    href: '/admin/settings',
    title: 'Organization settings',
    text: 'Base currency and rates, time zone, pipelines and stages, custom fields, task categories, reminders.',
    needs: ['org.configure_settings'],
  },
  {
    href: '/admin/integrations',
    title: 'Integrations and API keys',
    text: 'Connect Slack and Microsoft Teams; create API keys (shown once).',
    needs: ['org.manage_integrations'],
  },
  {
    href: '/admin/audit',
    title: 'Audit log',
    text: 'Who changed what, from where and when, with before and after.',
    needs: ['org.view_audit_logs'],
  },
  {
    href: '/imports',
    title: 'Imports and exports',
    text: 'Bring data in from CSV or Excel files; export any list.',
    needs: ['org.import_data', 'data.import_customers', 'org.export_data'],
  },
];

export default function AdminHome() {
  // Imports are not administration: a rep who may import customers has no administration page.
  const all = [
    ...new Set(
      ADMIN_SECTIONS.filter((section) => section.href !== '/imports').flatMap((section) => section.needs),
    ),
  ];
  return (
    <Allowed needs={all} what="Administration">
      {(me) => (
        <ul class="grid list-plain">
          {ADMIN_SECTIONS.filter((section) =>
            section.needs.some((permission) => me.permissions.includes(permission)),
          ).map((section) => (
            <li key={section.href} class="card">
              <h2>
                <a href={section.href}>{section.title}</a>
              </h2>
              <p class="muted">{section.text}</p>
            </li>
          ))}
        </ul>
      )}
    </Allowed>
  );
}
