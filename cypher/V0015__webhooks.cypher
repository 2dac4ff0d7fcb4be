// Webhook subscriptions, found by id.
CREATE CONSTRAINT webhook_subscription_id IF NOT EXISTS FOR (s:WebhookSubscription) REQUIRE s.id IS UNIQUE;
// One delivery per subscription and event (and one per redelivery), found by id for the log and redelivery.
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (d:WebhookDelivery) REQUIRE d.id IS UNIQUE;
// The deliveries due, oldest first: what every instance's outbox worker claims.
CREATE INDEX webhook_delivery_due IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.nextAttemptAt);
