-- A webhook whose receiver keeps failing is disabled, with the reason shown on it.
ALTER TABLE "webhooks" ADD COLUMN "consecutive_failures" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "webhooks" ADD COLUMN "disabled_at" TIMESTAMPTZ(3);
ALTER TABLE "webhooks" ADD COLUMN "disabled_reason" TEXT;
