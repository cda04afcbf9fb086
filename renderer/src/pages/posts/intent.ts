/**
 * Where another page wants the 公益岗位 page to open: a tab, and in 聘用 a person (e.g. from a
 * finding on the 问题清单). Set just before navigate('posts'); the page takes it once on mount.
 */
export type PostsTab = 'library' | 'appointments' | 'attendance';

export interface PostsIntent {
  tab: PostsTab;
  /** 聘用 filtered to this person: by id, or by 身份证号 resolved on arrival. */
  personId?: number;
  idNo?: string;
  /** …and this appointment opened in its drawer. */
  appointmentId?: number;
  /** 岗位库 with this post opened. */
  postId?: number;
}

let pending: PostsIntent | null = null;

export function setPostsIntent(intent: PostsIntent): void {
  pending = intent;
}

/** Read during render (pure, so React may call it twice); cleared once the page has mounted. */
export function peekPostsIntent(): PostsIntent | null {
  return pending;
}

export function clearPostsIntent(): void {
  pending = null;
}
