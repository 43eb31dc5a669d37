-- Timeline messages and maintenance descriptions are rendered once, when written
-- (rows written before this migration are rendered when read).
ALTER TABLE "incident_updates" ADD COLUMN "message_html" TEXT;
ALTER TABLE "maintenance_updates" ADD COLUMN "message_html" TEXT;
ALTER TABLE "maintenances" ADD COLUMN "description_html" TEXT;
