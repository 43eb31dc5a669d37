-- CreateEnum
CREATE TYPE "IntegrationKind" AS ENUM ('alertmanager');

-- CreateEnum
CREATE TYPE "IntegrationIncidents" AS ENUM ('none', 'open');

-- CreateTable
CREATE TABLE "integrations" (
    "id" UUID NOT NULL,
    "page_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "IntegrationKind" NOT NULL DEFAULT 'alertmanager',
    "component_label" TEXT NOT NULL DEFAULT 'component',
    "status_by_severity" JSONB NOT NULL,
    "incidents" "IntegrationIncidents" NOT NULL DEFAULT 'none',
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "integrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "integration_alerts" (
    "integration_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "component_id" UUID NOT NULL,
    "status" "ComponentStatus" NOT NULL,
    "firing" BOOLEAN NOT NULL,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_alerts_pkey" PRIMARY KEY ("integration_id","fingerprint")
);

-- CreateTable
CREATE TABLE "integration_unmatched_alerts" (
    "integration_id" UUID NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL,
    "starts_at" TIMESTAMPTZ(3),
    "ends_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_unmatched_alerts_pkey" PRIMARY KEY ("integration_id","fingerprint")
);

-- CreateTable
CREATE TABLE "integration_incidents" (
    "incident_id" UUID NOT NULL,
    "integration_id" UUID NOT NULL,
    "own_update_ids" UUID[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_incidents_pkey" PRIMARY KEY ("incident_id")
);

-- CreateIndex
CREATE INDEX "integrations_page_id_idx" ON "integrations"("page_id");

-- CreateIndex
CREATE INDEX "integration_alerts_component_id_idx" ON "integration_alerts"("component_id");

-- CreateIndex
CREATE INDEX "integration_unmatched_alerts_integration_id_received_at_idx" ON "integration_unmatched_alerts"("integration_id", "received_at");

-- CreateIndex
CREATE INDEX "integration_incidents_integration_id_created_at_idx" ON "integration_incidents"("integration_id", "created_at");

-- AddForeignKey
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "pages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_alerts" ADD CONSTRAINT "integration_alerts_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_alerts" ADD CONSTRAINT "integration_alerts_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "components"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_unmatched_alerts" ADD CONSTRAINT "integration_unmatched_alerts_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_incidents" ADD CONSTRAINT "integration_incidents_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "integration_incidents" ADD CONSTRAINT "integration_incidents_integration_id_fkey" FOREIGN KEY ("integration_id") REFERENCES "integrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
