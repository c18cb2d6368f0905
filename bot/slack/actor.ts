// Who issued a Slack command or clicked a button: the immutable user id (U…/W…, never the display name,
// which anyone can change), the channel, and the workspace (team_id).
import type { Actor } from '../../core/scans/scan-model.js';

export interface SlashCommandFields {
  user_id: string;
  channel_id: string;
  team_id: string;
  user_name?: string;
}

export interface BlockActionFields {
  user: { id: string; team_id?: string; username?: string };
  team?: { id: string } | null;
  channel?: { id: string };
  container?: { channel_id?: string };
}

export function actorFromCommand(body: SlashCommandFields): Actor {
  return {
    platform: 'slack',
    userId: body.user_id,
    channelId: body.channel_id,
    workspaceId: body.team_id,
    ...(body.user_name ? { displayName: body.user_name } : {}),
  };
}

export function actorFromAction(body: BlockActionFields): Actor {
  const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
  const workspaceId = body.team?.id ?? body.user.team_id;
  return {
    platform: 'slack',
    userId: body.user.id,
    channelId,
    ...(workspaceId ? { workspaceId } : {}),
    ...(body.user.username ? { displayName: body.user.username } : {}),
  };
}
