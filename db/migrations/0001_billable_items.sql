-- Custom SQL migration: the vendor's billable items. Data, not code: the billing pages read this table.
INSERT INTO "billable_items" ("code", "name", "unit", "description") VALUES
  ('online_backup_gb_basic', 'Online backup, Basic plan', 'GB', 'Protected storage in the vendor cloud on the Basic plan'),
  ('online_backup_gb_standard', 'Online backup, Standard plan', 'GB', 'Protected storage in the vendor cloud on the Standard plan'),
  ('online_backup_gb_premium', 'Online backup, Premium plan', 'GB', 'Protected storage in the vendor cloud on the Premium plan'),
  ('local_backup_servers', 'Local backup, servers', 'server', 'Servers protected by a local backup appliance'),
  ('local_backup_non_servers', 'Local backup, non-servers', 'device', 'Workstations and other non-servers protected by a local backup appliance'),
  ('email_archiving_mailboxes', 'Email archiving, mailboxes', 'mailbox', 'Mailboxes with email archiving'),
  ('email_security_mailboxes', 'Email security, mailboxes', 'mailbox', 'Mailboxes with email filtering')
ON CONFLICT ("code") DO NOTHING;
