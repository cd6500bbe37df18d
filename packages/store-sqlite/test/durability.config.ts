/** The workspaces of the engine-mode durability run: one with a minute of /users/track delay, one without. */
export const DURABILITY_CONFIG = {
  workspaces: [
    { name: 'delayed', api_keys: [{ key: 'd', permissions: ['users.track'] }], users_track_delay_ms: 60_000 },
    {
      name: 'instant',
      api_keys: [{ key: 'i', permissions: ['users.track', 'campaigns.trigger.send'] }],
      campaigns: [{ id: 'c', channel: 'sms', message: { body: 'Round {{api_trigger_properties.${i}}}' } }],
    },
  ],
};
