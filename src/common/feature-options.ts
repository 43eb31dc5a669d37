/** What a feature module starts in this process (decided by APP_ROLE in AppModule). */
export interface FeatureOptions {
  /** Mount the module's controllers. */
  http: boolean;
  /** Run the module's queue processors. */
  workers: boolean;
}
