-- Subscriber notifications (issue 13): events composed once, one delivery per
-- subscriber and event (unique), and every attempt to send it.

-- CreateEnum
CREATE TYPE "DeliveryState" AS ENUM ('pending', 'sending', 'retrying', 'sent', 'failed');

-- CreateTable
CREATE TABLE "notification_events" (
    "id" UUID NOT NULL,
    "page_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "component_ids" UUID[],
    "subscriber_id" UUID,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "thread_key" TEXT NOT NULL,
    "starts_thread" BOOLEAN NOT NULL DEFAULT false,
    "link_base" TEXT NOT NULL,
    "fanned_out_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_deliveries" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "subscriber_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "state" "DeliveryState" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_until" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3),
    "confirm_token_hash" TEXT,
    "manage_token_hash" TEXT,
    "unsubscribe_token_hash" TEXT,
    "tokens_issued_at" TIMESTAMPTZ(3),
    "message_id" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_attempts" (
    "id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "response" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notification_events_key_key" ON "notification_events"("key");
CREATE INDEX "notification_events_fanned_out_at_created_at_idx" ON "notification_events"("fanned_out_at", "created_at");

-- CreateIndex: one delivery per subscriber and event, whatever retries, duplicate jobs or workers occur.
CREATE UNIQUE INDEX "notification_deliveries_subscriber_id_event_id_key" ON "notification_deliveries"("subscriber_id", "event_id");
CREATE INDEX "notification_deliveries_event_id_state_idx" ON "notification_deliveries"("event_id", "state");
CREATE INDEX "notification_deliveries_state_next_attempt_at_idx" ON "notification_deliveries"("state", "next_attempt_at");
CREATE INDEX "notification_deliveries_confirm_token_hash_idx" ON "notification_deliveries"("confirm_token_hash");
CREATE INDEX "notification_deliveries_manage_token_hash_idx" ON "notification_deliveries"("manage_token_hash");
CREATE INDEX "notification_deliveries_unsubscribe_token_hash_idx" ON "notification_deliveries"("unsubscribe_token_hash");
CREATE INDEX "notification_attempts_delivery_id_created_at_idx" ON "notification_attempts"("delivery_id", "created_at");

-- AddForeignKey
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "pages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "notification_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "notification_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;
