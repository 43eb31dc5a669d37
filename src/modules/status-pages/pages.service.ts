import { ForbiddenException, Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { Principal } from '../../common/auth/principal';
import { FieldValidationError, ResourceNotFoundError } from '../../common/errors';
import { paginate, Paginated, PaginationQueryDto } from '../../common/pagination';
import { AppConfig } from '../../config/app-config';
import { Page } from '../../generated/prisma/client';
import { CreatePageDto, PageResponseDto, UpdatePageDto } from './dto/page.dto';
import { PageChangesService } from './page-changes.service';
import { PageAddress, PagesRepository } from './pages.repository';

/** Status pages: their settings and their public address. */
@Injectable()
export class PagesService {
  constructor(
    private readonly repo: PagesRepository,
    private readonly changes: PageChangesService,
    private readonly config: AppConfig,
  ) {}

  /** The page, or a 404. */
  async find(pageId: string): Promise<Page> {
    const page = await this.lookup(pageId);
    if (!page) throw new ResourceNotFoundError('page', pageId);
    return page;
  }

  /** The page, or null if there is none. */
  lookup(pageId: string): Promise<Page | null> {
    return this.repo.findById(pageId);
  }

  async list(principal: Principal, query: PaginationQueryDto): Promise<Paginated<PageResponseDto>> {
    const pageIds = principal.root ? undefined : [...principal.pageIds];
    return paginate(query, (skip, take) => this.repo.list(pageIds, skip, take), (p) => this.toDto(p));
  }

  async create(dto: CreatePageDto): Promise<PageResponseDto> {
    this.checkDomain(dto.domain);
    const page = await this.repo.create({
      slug: dto.slug,
      name: dto.name,
      description: dto.description ?? null,
      url: dto.url ?? null,
      domain: dto.domain ?? null,
      timeZone: dto.timeZone ?? 'UTC',
      isPublic: dto.isPublic ?? true,
      allowSubscribers: dto.allowSubscribers ?? true,
    });
    await this.changes.directoryChanged();
    return this.toDto(page);
  }

  /** A page's `domain` serves the root of that host, so only the root key may set or change it. */
  async update(principal: Principal, pageId: string, dto: UpdatePageDto): Promise<PageResponseDto> {
    if (dto.domain !== undefined && !principal.root) {
      throw new ForbiddenException('only the root API key may set or change a page domain');
    }
    this.checkDomain(dto.domain);
    const page = await this.repo.update(pageId, { ...dto });
    await this.changes.directoryChanged();
    await this.changes.pageChanged(pageId);
    return this.toDto(page);
  }

  async delete(pageId: string): Promise<void> {
    await this.repo.delete(pageId);
    await this.changes.directoryChanged();
    await this.changes.pageChanged(pageId);
  }

  allIds(): Promise<string[]> {
    return this.repo.allIds();
  }

  /** The public page at `/status/{slug}`, or the one whose own domain is `host` (port ignored); null if none. */
  findPublic(where: { slug: string } | { host: string }): Promise<Page | null> {
    if ('slug' in where) return /^[a-z0-9-]{3,63}$/.test(where.slug) ? this.repo.findPublic({ slug: where.slug }) : Promise.resolve(null);
    const domain = where.host.toLowerCase().replace(/:\d+$/, '');
    return /^[a-z0-9.-]{1,253}$/.test(domain) ? this.repo.findPublic({ domain }) : Promise.resolve(null);
  }

  /** Slug and domain of every public page. */
  publicAddresses(): Promise<PageAddress[]> {
    return this.repo.publicAddresses();
  }

  /** A page domain may not be this service's own public host, localhost, or an IP address. */
  private checkDomain(domain: string | null | undefined): void {
    if (!domain) return;
    const own = new URL(this.config.publicBaseUrl).hostname.toLowerCase();
    const problem =
      domain === own
        ? `domain must not be the service's own public host (${own})`
        : domain === 'localhost' || domain.endsWith('.localhost')
          ? 'domain must not be localhost'
          : isIP(domain) || /^[0-9.]+$/.test(domain)
            ? 'domain must be a hostname, not an IP address'
            : null;
    if (problem) throw new FieldValidationError([problem]);
  }

  /** The page's public address: its own domain, or `{PUBLIC_BASE_URL}/status/{slug}`. */
  publicUrl(page: Pick<Page, 'slug' | 'domain'>): string {
    if (page.domain) return `${new URL(this.config.publicBaseUrl).protocol}//${page.domain}`;
    return `${this.config.publicBaseUrl}/status/${page.slug}`;
  }

  toDto(p: Page): PageResponseDto {
    return {
      id: p.id,
      slug: p.slug,
      name: p.name,
      description: p.description,
      url: p.url ?? this.publicUrl(p),
      domain: p.domain,
      timeZone: p.timeZone,
      isPublic: p.isPublic,
      allowSubscribers: p.allowSubscribers,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}
