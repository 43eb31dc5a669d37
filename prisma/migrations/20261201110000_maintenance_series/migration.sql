-- Recurring maintenance (issue 14): series, their components, and the link
-- from each occurrence (an ordinary maintenance) to its series.

-- CreateTable
CREATE TABLE "maintenance_series" (
    "id" UUID NOT NULL,
    "page_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "time_zone" TEXT NOT NULL,
    "first_start" TEXT NOT NULL,
    "rrule" TEXT NOT NULL,
    "duration_minutes" INTEGER NOT NULL,
    "auto_start" BOOLEAN NOT NULL DEFAULT true,
    "auto_complete" BOOLEAN NOT NULL DEFAULT true,
    "remind_before_minutes" INTEGER DEFAULT 60,
    "materialized_until" TIMESTAMPTZ(3),
    "next_start" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "maintenance_series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "maintenance_series_components" (
    "series_id" UUID NOT NULL,
    "component_id" UUID NOT NULL,

    CONSTRAINT "maintenance_series_components_pkey" PRIMARY KEY ("series_id","component_id")
);

-- AlterTable
ALTER TABLE "maintenances" ADD COLUMN "series_id" UUID,
ADD COLUMN "occurrence_start" TIMESTAMPTZ(3),
ADD COLUMN "detached" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "sequence" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "maintenance_series_page_id_created_at_idx" ON "maintenance_series"("page_id", "created_at");

-- CreateIndex
CREATE INDEX "maintenance_series_next_start_idx" ON "maintenance_series"("next_start");

-- CreateIndex
CREATE INDEX "maintenance_series_components_component_id_idx" ON "maintenance_series_components"("component_id");

-- CreateIndex: one maintenance per series and occurrence, however many workers extend the series at once.
CREATE UNIQUE INDEX "maintenances_series_id_occurrence_start_key" ON "maintenances"("series_id", "occurrence_start");

-- AddForeignKey
ALTER TABLE "maintenance_series" ADD CONSTRAINT "maintenance_series_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "pages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_series_components" ADD CONSTRAINT "maintenance_series_components_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "maintenance_series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenance_series_components" ADD CONSTRAINT "maintenance_series_components_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "components"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "maintenances" ADD CONSTRAINT "maintenances_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "maintenance_series"("id") ON DELETE SET NULL ON UPDATE CASCADE;
