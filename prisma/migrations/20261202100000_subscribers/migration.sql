-- Subscribers (issue 13): email addresses that follow a page or some of its
-- components, the page switch, and the notification settings of a maintenance.

-- CreateEnum
CREATE TYPE "SubscriberState" AS ENUM ('pending', 'active', 'unsubscribed');

-- AlterTable
ALTER TABLE "pages" ADD COLUMN "allow_subscribers" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "maintenances" ADD COLUMN "deliver_notifications" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "remind_before_minutes" INTEGER DEFAULT 60;

-- CreateTable
CREATE TABLE "subscribers" (
    "id" UUID NOT NULL,
    "page_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "state" "SubscriberState" NOT NULL DEFAULT 'pending',
    "confirmed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscribers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriber_components" (
    "subscriber_id" UUID NOT NULL,
    "component_id" UUID NOT NULL,

    CONSTRAINT "subscriber_components_pkey" PRIMARY KEY ("subscriber_id","component_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscribers_page_id_email_key" ON "subscribers"("page_id", "email");

-- CreateIndex
CREATE INDEX "subscribers_page_id_state_created_at_idx" ON "subscribers"("page_id", "state", "created_at");

-- CreateIndex
CREATE INDEX "subscriber_components_component_id_idx" ON "subscriber_components"("component_id");

-- AddForeignKey
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "pages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriber_components" ADD CONSTRAINT "subscriber_components_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriber_components" ADD CONSTRAINT "subscriber_components_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "components"("id") ON DELETE CASCADE ON UPDATE CASCADE;
